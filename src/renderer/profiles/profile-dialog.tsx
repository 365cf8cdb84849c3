import { useEffect, useState, type FormEvent } from 'react'
import {
  profileInput,
  type KeyId,
  type KeyInfo,
  type Profile,
  type ProfileInput,
} from '../../shared/domain'
import { PRESET_IDS, PRESETS, type PresetId } from '../../shared/presets'
import { asApiError, type MailroomClient } from '../api/client'
import { formatTime } from '../common/format'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { ExportKeyDialog } from '../keys/export-key-dialog'
import { GenerateKeyDialog } from '../keys/generate-key-dialog'
import { ImportKeyDialog } from '../keys/import-key-dialog'
import { KeyDetails } from '../keys/key-details'

interface ProfileDialogProps {
  readonly client: MailroomClient
  /** The profile being edited, or undefined for a new one. */
  readonly profile?: Profile
  readonly keys: readonly KeyInfo[]
  readonly canBrowse: boolean
  readonly onKeysChanged: () => Promise<void>
  readonly onSaved: (profile: Profile) => void
  readonly onCancel: () => void
}

type TextField =
  | 'checkEveryMinutes'
  | 'name'
  | 'group'
  | 'host'
  | 'port'
  | 'username'
  | 'sendFolders'
  | 'receiveFolders'
  | 'minFileAgeSeconds'
type Draft = Record<TextField, string> & {
  preset: PresetId
  keyId: KeyId | null
  uploadStrategy: ProfileInput['uploadStrategy']
  autoPickup: boolean
  conservative: boolean
}

/** "input, out/edi" -> ["input", "out/edi"]: folders are typed as a comma-separated list. */
const folderList = (text: string) =>
  text
    .split(',')
    .map((folder) => folder.trim().replace(/^\/+|\/+$/g, ''))
    .filter((folder) => folder !== '')
type Errors = Partial<Record<TextField | 'keyId', string>>

/** Validates with the contract's own schema (and the preset's rules), so dialog and main side agree. */
function validate(draft: Draft): { input?: ProfileInput; errors: Errors } {
  const parsed = profileInput.safeParse({
    ...draft,
    port: draft.port.trim() === '' ? Number.NaN : Number(draft.port),
    minFileAgeSeconds:
      draft.minFileAgeSeconds.trim() === '' ? Number.NaN : Number(draft.minFileAgeSeconds),
    checkEveryMinutes: draft.checkEveryMinutes.trim() === '' ? 0 : Number(draft.checkEveryMinutes),
    sendFolders: folderList(draft.sendFolders),
    receiveFolders: folderList(draft.receiveFolders),
  })
  const errors: Errors = {}
  if (draft.keyId === null) errors.keyId = 'Generate a key, import one, or choose a stored one'
  if (parsed.success) return errors.keyId ? { errors } : { input: parsed.data, errors }
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as TextField
    errors[key] ??=
      key === 'port' && issue.code === 'invalid_type'
        ? 'Port is a number from 1 to 65535'
        : issue.message
  }
  return { errors }
}

/**
 * The "Profile" dialog: the gateway first (it fills the defaults and says what the gateway
 * expects), then where to connect, and the key, generated or imported into the keychain.
 */
export function ProfileDialog({
  client,
  profile,
  keys,
  canBrowse,
  onKeysChanged,
  onSaved,
  onCancel,
}: ProfileDialogProps) {
  const [draft, setDraft] = useState<Draft>({
    preset: profile?.preset ?? 'generic',
    name: profile?.name ?? '',
    group: profile?.group ?? '',
    host: profile?.host ?? '',
    port: String(profile?.port ?? 22),
    username: profile?.username ?? '',
    keyId: profile?.keyId ?? null,
    sendFolders: (profile?.sendFolders ?? []).join(', '),
    receiveFolders: (profile?.receiveFolders ?? []).join(', '),
    uploadStrategy: profile?.uploadStrategy ?? 'auto',
    minFileAgeSeconds: String(profile?.minFileAgeSeconds ?? 60),
    checkEveryMinutes: String(profile?.checkEveryMinutes ?? 0),
    autoPickup: profile?.autoPickup ?? false,
    conservative: profile?.conservative ?? false,
  })
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [sub, setSub] = useState<'generate' | 'import' | 'save-public' | 'export-private'>()
  const [saving, setSaving] = useState(false)
  const [message, setMessage] = useState<string>()
  const [saveError, setSaveError] = useState<string>()
  const [trusted, setTrusted] = useState<{
    type: string
    fingerprint: string
    trustedAt: number
  } | null>()
  const preset = PRESETS[draft.preset]
  const { input, errors } = validate(draft)
  const selectedKey = keys.find((key) => key.id === draft.keyId)

  useEffect(() => {
    if (profile)
      void client
        .call('profiles:trusted-host-key', { id: profile.id })
        .then(setTrusted, () => setTrusted(null))
  }, [client, profile])

  const change = (key: TextField, value: string) => {
    setDraft((current) => ({ ...current, [key]: value }))
    setTouched((current) => new Set(current).add(key))
  }
  const choosePreset = (id: PresetId) =>
    setDraft((current) => ({
      ...current,
      preset: id,
      port: touched.has('port') ? current.port : String(PRESETS[id].port),
    }))
  const adoptKey = async (key: KeyInfo) => {
    await onKeysChanged()
    setDraft((current) => ({ ...current, keyId: key.id }))
    setSub(undefined)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setTouched(
      new Set([
        'name',
        'group',
        'host',
        'port',
        'username',
        'sendFolders',
        'receiveFolders',
        'keyId',
      ]),
    )
    if (!input) return
    setSaving(true)
    try {
      onSaved(
        await client.call('profiles:save', {
          ...(profile ? { id: profile.id } : {}),
          profile: input,
        }),
      )
    } catch (error) {
      setSaveError(asApiError(error).message)
      setSaving(false)
    }
  }

  const field = (
    key: TextField,
    label: string,
    hint: string,
    extra: { inputMode?: 'numeric'; placeholder?: string } = {},
  ) => {
    const error = touched.has(key) ? errors[key] : undefined
    return (
      <div className="field">
        <label htmlFor={`profile-${key}`}>{label}</label>
        <input
          id={`profile-${key}`}
          value={draft[key]}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`profile-${key}-note`}
          onChange={(event) => change(key, event.target.value)}
          onBlur={() => setTouched((current) => new Set(current).add(key))}
          {...extra}
        />
        <p id={`profile-${key}-note`} className={error ? 'field-error' : 'field-hint'}>
          {error ?? hint}
        </p>
      </div>
    )
  }

  return (
    <ModalDialog title="Profile" onCancel={onCancel}>
      <form className="form profile-form" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="presets">
          <legend>Gateway</legend>
          {PRESET_IDS.map((id) => (
            <label key={id} className={`preset${draft.preset === id ? ' chosen' : ''}`}>
              <input
                type="radio"
                name="preset"
                value={id}
                checked={draft.preset === id}
                onChange={() => choosePreset(id)}
              />
              {PRESETS[id].label}
            </label>
          ))}
          <p className="preset-summary" aria-live="polite">
            {preset.summary}
          </p>
        </fieldset>
        <div className="field-grid">
          {field('name', 'Profile name', 'How this partner or gateway appears in Mailroom.')}
          {field('group', 'Group', 'Optional: a folder in the profile list, e.g. a customer.')}
          {field('host', 'Host', 'The server name the provider gave you, e.g. sftp.example.com.')}
          {field('port', 'Port', `${preset.label} uses port ${preset.port}.`, {
            inputMode: 'numeric',
          })}
        </div>
        {field('username', preset.usernameLabel, preset.usernameHint)}
        <fieldset className="key-section">
          <legend>Key</legend>
          <div className="field-row">
            <label htmlFor="profile-key" className="visually-hidden">
              Stored key
            </label>
            <select
              id="profile-key"
              value={draft.keyId ?? ''}
              aria-invalid={touched.has('keyId') && errors.keyId ? true : undefined}
              aria-describedby="profile-key-note"
              onChange={(event) =>
                setDraft((current) => ({
                  ...current,
                  keyId: (event.target.value || null) as KeyId | null,
                }))
              }
            >
              <option value="">{keys.length === 0 ? 'No keys yet' : 'Choose a stored key…'}</option>
              {keys.map((key) => (
                <option key={key.id} value={key.id}>
                  {key.comment || key.type} · {key.fingerprint.slice(0, 19)}…
                </option>
              ))}
            </select>
            <button type="button" onClick={() => setSub('generate')}>
              Generate key
            </button>
            <button type="button" onClick={() => setSub('import')}>
              Import key
            </button>
          </div>
          <p
            id="profile-key-note"
            className={touched.has('keyId') && errors.keyId ? 'field-error' : 'field-hint'}
          >
            {touched.has('keyId') && errors.keyId
              ? errors.keyId
              : profile?.legacyKeyPath && draft.keyId === null
                ? `Uses the key file ${profile.legacyKeyPath}: import it so it is kept in the keychain.`
                : preset.keyNeedsPassphrase
                  ? 'This gateway requires a key protected by a passphrase.'
                  : 'Private keys are kept in the system keychain, never in a plain file.'}
          </p>
          {selectedKey && (
            <KeyDetails
              keyInfo={selectedKey}
              onSavePublic={() => setSub('save-public')}
              onExportPrivate={() => setSub('export-private')}
            />
          )}
        </fieldset>
        {preset.foldersNamedByPerson && (
          <div className="field-grid">
            {field(
              'sendFolders',
              'Send folders',
              'Folders files are sent to, separated by commas, e.g. out. Empty: browse all folders.',
            )}
            {field(
              'receiveFolders',
              'Receive folders',
              'Folders to pick up from, separated by commas, e.g. in.',
            )}
          </div>
        )}
        <details className="advanced">
          <summary>
            More settings: pickup age, checking for new files, upload, conservative mode
          </summary>
          {field(
            'minFileAgeSeconds',
            'Pick up files older than (seconds)',
            'Younger files may still be being written, so pickup leaves them for next time.',
            { inputMode: 'numeric' },
          )}
          <div className="field-grid">
            {field(
              'checkEveryMinutes',
              'Check for new files every (minutes)',
              '0 = only when you press Refresh. AS2 Gateway asks for 5 or more.',
              { inputMode: 'numeric' },
            )}
            <label className="checkbox auto-pickup">
              <input
                type="checkbox"
                checked={draft.autoPickup}
                onChange={(event) =>
                  setDraft((current) => ({ ...current, autoPickup: event.target.checked }))
                }
              />
              Pick up new files automatically into each mailbox&apos;s folder
            </label>
          </div>
          <div className="field">
            <label htmlFor="profile-upload">Upload</label>
            <select
              id="profile-upload"
              value={draft.uploadStrategy}
              onChange={(event) =>
                setDraft((current) => ({
                  ...current,
                  uploadStrategy: event.target.value as Draft['uploadStrategy'],
                }))
              }
            >
              <option value="auto">
                As {preset.label} expects (
                {preset.uploadStrategy === 'direct'
                  ? 'straight to the final name'
                  : 'temporary name, then rename'}
                )
              </option>
              <option value="direct">
                Straight to the final name (for S3-backed servers and watched folders)
              </option>
              <option value="temp-rename">
                Temporary name, then rename (a watcher never sees half a file)
              </option>
            </select>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.conservative}
              onChange={(event) =>
                setDraft((current) => ({ ...current, conservative: event.target.checked }))
              }
            />
            Conservative mode: one file and one small request at a time, for servers that drop the
            connection mid-transfer (slower on a long link)
          </label>
        </details>

        {profile && (
          <fieldset className="host-key-section">
            <legend>Host key</legend>
            {trusted ? (
              <div className="field-row spread">
                <span>
                  Trusted {trusted.type} <code className="fingerprint">{trusted.fingerprint}</code>
                  <span className="muted"> since {formatTime(trusted.trustedAt)}</span>
                </span>
                <button
                  type="button"
                  onClick={() =>
                    void client.call('profiles:forget-host-key', { id: profile.id }).then(() => {
                      setTrusted(null)
                      setMessage(
                        'The trusted host key was forgotten: the next connection shows the server’s key to check and trust.',
                      )
                    })
                  }
                >
                  Forget trusted host key
                </button>
              </div>
            ) : (
              <p className="field-hint">
                No host key trusted yet: the next connection shows the server’s key to check.
              </p>
            )}
          </fieldset>
        )}

        {!saveError && message && (
          <p role="status" className="field-hint">
            {message}
          </p>
        )}
        <FormFooter
          error={saveError}
          submitLabel="Save"
          submitDisabled={saving}
          onCancel={onCancel}
        />
      </form>
      {sub === 'generate' && (
        <GenerateKeyDialog
          client={client}
          defaultComment={`${draft.name.trim() || 'mailroom'} key`}
          passphraseRequired={preset.keyNeedsPassphrase}
          onGenerated={(key) => void adoptKey(key)}
          onCancel={() => setSub(undefined)}
        />
      )}
      {sub === 'import' && (
        <ImportKeyDialog
          client={client}
          canBrowse={canBrowse}
          onImported={(key) => void adoptKey(key)}
          onCancel={() => setSub(undefined)}
        />
      )}
      {(sub === 'save-public' || sub === 'export-private') && selectedKey && (
        <ExportKeyDialog
          client={client}
          keyInfo={selectedKey}
          what={sub === 'save-public' ? 'public' : 'private'}
          canBrowse={canBrowse}
          onDone={(text) => {
            setMessage(text)
            setSub(undefined)
          }}
          onCancel={() => setSub(undefined)}
        />
      )}
    </ModalDialog>
  )
}
