import { useState, type FormEvent } from 'react'
import type { KeyInfo, Profile } from '../../shared/domain'
import { PRESET_IDS, PRESETS, type PresetId } from '../../shared/presets'
import type { MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { ExportKeyDialog } from '../keys/export-key-dialog'
import { GenerateKeyDialog } from '../keys/generate-key-dialog'
import { ImportSshKeyDialog } from '../keys/import-ssh-key-dialog'
import { PgpKeysDialog } from '../pgp/pgp-keys-dialog'
import { usePgpKeys } from '../pgp/use-pgp-keys'
import { ProfileAdvancedSection } from './profile-advanced-section'
import { ProfileAuthSection } from './profile-auth-section'
import { ProfileConnectionSection } from './profile-connection-section'
import {
  CHECKED_ON_SAVE,
  draftOf,
  typedIn,
  usesKey,
  validate,
  withPreset,
  withStoredKey,
  type Draft,
} from './profile-draft'
import { ProfileField, type DraftForm } from './profile-field'
import { ProfileHostKeySection } from './profile-host-key-section'
import { ProfileKeySection, type KeyDialog } from './profile-key-section'
import { ProfilePgpSection } from './profile-pgp-section'
import { useProfileSave, type ProfileSaved } from './use-profile-save'
import { useStoredSecrets } from './use-stored-secrets'

interface ProfileDialogProps {
  readonly client: MailroomClient
  /** The profile being edited, or undefined for a new one. */
  readonly profile?: Profile
  /** A new profile's gateway, as chosen on the first screen; Generic SFTP otherwise. */
  readonly preset?: PresetId
  readonly keys: readonly KeyInfo[]
  readonly canBrowse: boolean
  readonly onKeysChanged: () => Promise<void>
  readonly onSaved: (profile: Profile, saved: ProfileSaved) => void
  readonly onCancel: () => void
}

/**
 * The "Profile" dialog: the gateway first (it fills what its guide says: host, port, key rules,
 * and a name), then where to connect, and the key: made or imported as the profile is saved,
 * generated or imported into the keychain now, or a stored one. "Save and connect" goes on to
 * the connection, or first to handing over a key made here.
 */
export function ProfileDialog({
  client,
  profile,
  preset: chosenPreset = 'generic',
  keys,
  canBrowse,
  onKeysChanged,
  onSaved,
  onCancel,
}: ProfileDialogProps) {
  const hasKeys = keys.length > 0
  const [draft, setDraft] = useState<Draft>(() =>
    draftOf(profile, { preset: chosenPreset, hasKeys }),
  )
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [sub, setSub] = useState<KeyDialog | 'pgp-keys'>()
  const pgpKeys = usePgpKeys(client)
  const [message, setMessage] = useState<string>()
  const { saving, saveError, save, keyGenerated } = useProfileSave({
    client,
    profile,
    draft,
    setDraft,
    onKeysChanged,
    onSaved,
  })
  const stored = useStoredSecrets(client, profile)
  const preset = PRESETS[draft.preset]
  const { input, errors } = validate(draft)
  const selectedKey = keys.find((key) => key.id === draft.keyId)

  const form: DraftForm = {
    draft,
    errors,
    touched,
    change: (key, value) => {
      setDraft((current) => typedIn(current, key, value, hasKeys))
      setTouched((current) => new Set(current).add(key))
    },
    touch: (key) => setTouched((current) => new Set(current).add(key)),
    update: (change) => setDraft((current) => ({ ...current, ...change })),
  }
  const adoptKey = async (key: KeyInfo, generated: boolean) => {
    if (generated) keyGenerated(key.id)
    await onKeysChanged()
    setDraft((current) => withStoredKey(current, key.id))
    setSub(undefined)
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setTouched(new Set(CHECKED_ON_SAVE))
    // "Save" names itself; the main button, and only it, goes on to connect.
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null
    if (input) void save(input, submitter?.value !== 'save')
  }

  return (
    <ModalDialog title="Profile" onCancel={onCancel}>
      <form className="form profile-form" onSubmit={submit} noValidate>
        <fieldset className="presets">
          <legend>Gateway</legend>
          {PRESET_IDS.map((id) => (
            <label key={id} className={`preset${draft.preset === id ? ' chosen' : ''}`}>
              <input
                type="radio"
                name="preset"
                value={id}
                checked={draft.preset === id}
                onChange={() => setDraft((current) => withPreset(current, id, hasKeys))}
              />
              {PRESETS[id].label}
            </label>
          ))}
          <p className="preset-summary" aria-live="polite">
            {preset.summary}
          </p>
        </fieldset>
        <div className="field-grid">
          <ProfileField
            form={form}
            name="name"
            label="Profile name"
            hint="How this partner or gateway appears in Mailroom."
          />
          <ProfileField
            form={form}
            name="group"
            label="Group"
            hint="Optional: a folder in the profile list, e.g. a customer."
          />
          <ProfileField
            form={form}
            name="host"
            label="Host"
            hint={
              preset.host
                ? `${preset.label}'s guide names ${preset.host}.`
                : 'The server name the provider gave you, e.g. sftp.example.com.'
            }
          />
          <ProfileField
            form={form}
            name="port"
            label="Port"
            hint={`${preset.label} uses port ${preset.port}.`}
            inputMode="numeric"
          />
        </div>
        <ProfileField
          form={form}
          name="username"
          label={preset.usernameLabel}
          hint={preset.usernameHint}
        />
        {/* Side by side while folded, so the common case (a key, direct) stays one screen. */}
        <div className="folded-pair">
          <ProfileAuthSection form={form} preset={preset} passwordStored={stored.password} />
          <ProfileConnectionSection
            form={form}
            keys={keys}
            proxyPasswordStored={stored.proxyPassword}
          />
        </div>
        {usesKey(draft.auth) && (
          <ProfileKeySection
            form={form}
            keys={keys}
            profile={profile}
            preset={preset}
            canBrowse={canBrowse}
            onBrowse={() => client.call('dialog:choose-file', { title: 'Private key file' })}
            onOpen={setSub}
          />
        )}
        {preset.foldersNamedByPerson && (
          <div className="field-grid">
            <ProfileField
              form={form}
              name="sendFolders"
              label="Send folders"
              hint="Folders files are sent to, separated by commas, e.g. out. Empty: browse all folders."
            />
            <ProfileField
              form={form}
              name="receiveFolders"
              label="Receive folders"
              hint="Folders to pick up from, separated by commas, e.g. in."
            />
          </div>
        )}
        <ProfilePgpSection
          form={form}
          keys={pgpKeys.keys}
          onManageKeys={() => setSub('pgp-keys')}
        />
        <ProfileAdvancedSection form={form} preset={preset} />
        {profile && (
          <ProfileHostKeySection client={client} profile={profile} onForgotten={setMessage} />
        )}

        {!saveError && message && (
          <p role="status" className="field-hint">
            {message}
          </p>
        )}
        <FormFooter
          error={saveError}
          submitLabel={saving ? 'Saving…' : 'Save and connect'}
          alsoSubmit={{ label: 'Save', value: 'save' }}
          submitDisabled={saving}
          onCancel={onCancel}
        />
      </form>
      {sub === 'generate' && (
        <GenerateKeyDialog
          client={client}
          defaultComment={`${draft.name.trim() || 'mailroom'} key`}
          passphraseRequired={preset.keyNeedsPassphrase}
          onGenerated={(key) => void adoptKey(key, true)}
          onCancel={() => setSub(undefined)}
        />
      )}
      {sub === 'import' && (
        <ImportSshKeyDialog
          client={client}
          canBrowse={canBrowse}
          onImported={(key) => void adoptKey(key, false)}
          onCancel={() => setSub(undefined)}
        />
      )}
      {sub === 'pgp-keys' && (
        <PgpKeysDialog
          client={client}
          canBrowse={canBrowse}
          onChanged={() => void pgpKeys.refresh()}
          onClose={() => setSub(undefined)}
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
