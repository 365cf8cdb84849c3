import { useState, type FormEvent } from 'react'
import { profileInput, type Profile, type ProfileInput } from '../../shared/domain'
import { ModalDialog } from '../common/modal-dialog'

interface ProfileDialogProps {
  /** The profile being edited, or undefined for a new one. */
  readonly profile?: Profile
  readonly canBrowse: boolean
  readonly onBrowseKey: () => Promise<string | null>
  readonly onSave: (input: ProfileInput, passphrase: string | undefined) => Promise<void>
  readonly onCancel: () => void
}

type Draft = { [K in keyof ProfileInput]: string }
const FIELDS: ReadonlyArray<{ key: keyof ProfileInput; label: string; hint?: string }> = [
  { key: 'name', label: 'Profile name', hint: 'How this partner or gateway appears in Mailroom.' },
  {
    key: 'host',
    label: 'Host',
    hint: 'The server name the provider gave you, e.g. sftp.example.com.',
  },
  { key: 'port', label: 'Port', hint: 'Usually 22; AS2 Gateway uses 9193.' },
  { key: 'username', label: 'User name', hint: 'The login name the provider gave you.' },
  {
    key: 'privateKeyPath',
    label: 'Private key file',
    hint: 'The key whose public half the provider installed for you.',
  },
]

/** Validates the draft with the contract's own schema, so the dialog and the main side agree. */
function validate(draft: Draft): {
  input?: ProfileInput
  errors: Partial<Record<keyof ProfileInput, string>>
} {
  const parsed = profileInput.safeParse({
    ...draft,
    port: draft.port.trim() === '' ? Number.NaN : Number(draft.port),
  })
  if (parsed.success) return { input: parsed.data, errors: {} }
  const errors: Partial<Record<keyof ProfileInput, string>> = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof ProfileInput
    errors[key] ??=
      key === 'port' && issue.code === 'invalid_type'
        ? 'Port is a number from 1 to 65535'
        : issue.message
  }
  return { errors }
}

/** The "Profile" dialog: where to connect and with which key. Checks every field as you type. */
export function ProfileDialog({
  profile,
  canBrowse,
  onBrowseKey,
  onSave,
  onCancel,
}: ProfileDialogProps) {
  const [draft, setDraft] = useState<Draft>({
    name: profile?.name ?? '',
    host: profile?.host ?? '',
    port: String(profile?.port ?? 22),
    username: profile?.username ?? '',
    privateKeyPath: profile?.privateKeyPath ?? '',
  })
  const [passphrase, setPassphrase] = useState('')
  const [touched, setTouched] = useState<ReadonlySet<keyof ProfileInput>>(new Set())
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string>()
  const { input, errors } = validate(draft)

  const change = (key: keyof ProfileInput, value: string) => {
    setDraft((current) => ({ ...current, [key]: value }))
    setTouched((current) => new Set(current).add(key))
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setTouched(new Set(FIELDS.map((field) => field.key)))
    if (!input) return
    setSaving(true)
    try {
      await onSave(input, passphrase === '' ? undefined : passphrase)
    } catch (error) {
      setSaveError(error instanceof Error ? error.message : String(error))
      setSaving(false)
    }
  }

  return (
    <ModalDialog title="Profile" onCancel={onCancel}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        {FIELDS.map(({ key, label, hint }) => {
          const error = touched.has(key) ? errors[key] : undefined
          return (
            <div className="field" key={key}>
              <label htmlFor={`profile-${key}`}>{label}</label>
              <div className="field-row">
                <input
                  id={`profile-${key}`}
                  value={draft[key]}
                  inputMode={key === 'port' ? 'numeric' : undefined}
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`profile-${key}-note`}
                  onChange={(event) => change(key, event.target.value)}
                  onBlur={() => setTouched((current) => new Set(current).add(key))}
                />
                {key === 'privateKeyPath' && canBrowse && (
                  <button
                    type="button"
                    onClick={() =>
                      void onBrowseKey().then((path) => path && change('privateKeyPath', path))
                    }
                  >
                    Browse…
                  </button>
                )}
              </div>
              <p id={`profile-${key}-note`} className={error ? 'field-error' : 'field-hint'}>
                {error ?? hint ?? ''}
              </p>
            </div>
          )
        })}
        <div className="field">
          <label htmlFor="profile-passphrase">Key passphrase</label>
          <input
            id="profile-passphrase"
            type="password"
            autoComplete="off"
            value={passphrase}
            aria-describedby="profile-passphrase-note"
            onChange={(event) => setPassphrase(event.target.value)}
          />
          <p id="profile-passphrase-note" className="field-hint">
            {profile?.hasStoredPassphrase
              ? 'A passphrase is remembered; type a new one to replace it.'
              : 'Leave empty if the key has none, or to be asked when connecting.'}
          </p>
        </div>
        {saveError && (
          <p role="alert" className="field-error">
            {saveError}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
