import type { KeyId, KeyInfo, Profile } from '../../shared/domain'
import type { Preset } from '../../shared/presets'
import { KeyDetails } from '../keys/key-details'
import type { DraftForm } from './profile-field'

/** A dialog the key section opens over the Profile dialog. */
export type KeyDialog = 'generate' | 'import' | 'save-public' | 'export-private'

/**
 * The Profile dialog's "Key": a stored key chosen, or one generated or imported into the
 * keychain, and the chosen key's public half and fingerprint.
 */
export function ProfileKeySection({
  form,
  keys,
  profile,
  preset,
  onOpen,
}: {
  readonly form: DraftForm
  readonly keys: readonly KeyInfo[]
  /** The profile being edited: it may still name a key file from before the keychain. */
  readonly profile: Profile | undefined
  readonly preset: Preset
  readonly onOpen: (dialog: KeyDialog) => void
}) {
  const { draft, errors, touched } = form
  const error = touched.has('keyId') ? errors.keyId : undefined
  const selectedKey = keys.find((key) => key.id === draft.keyId)
  return (
    <fieldset className="key-section">
      <legend>Key</legend>
      <div className="field-row">
        <label htmlFor="profile-key" className="visually-hidden">
          Stored key
        </label>
        <select
          id="profile-key"
          value={draft.keyId ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby="profile-key-note"
          onChange={(event) => form.update({ keyId: (event.target.value || null) as KeyId | null })}
        >
          <option value="">{keys.length === 0 ? 'No keys yet' : 'Choose a stored key…'}</option>
          {keys.map((key) => (
            <option key={key.id} value={key.id}>
              {key.comment || key.type} · {key.fingerprint.slice(0, 19)}…
            </option>
          ))}
        </select>
        <button type="button" onClick={() => onOpen('generate')}>
          Generate key
        </button>
        <button type="button" onClick={() => onOpen('import')}>
          Import key
        </button>
      </div>
      <p id="profile-key-note" className={error ? 'field-error' : 'field-hint'}>
        {error
          ? error
          : profile?.legacyKeyPath && draft.keyId === null
            ? `Uses the key file ${profile.legacyKeyPath}: import it so it is kept in the keychain.`
            : preset.keyNeedsPassphrase
              ? 'This gateway requires a key protected by a passphrase.'
              : 'Private keys are kept in the system keychain, never in a plain file.'}
      </p>
      {selectedKey && (
        <KeyDetails
          keyInfo={selectedKey}
          onSavePublic={() => onOpen('save-public')}
          onExportPrivate={() => onOpen('export-private')}
        />
      )}
    </fieldset>
  )
}
