import type { KeyId, KeyInfo, Profile } from '../../shared/domain'
import type { Preset } from '../../shared/presets'
import { KeyDetails } from '../keys/key-details'
import { withKeySource, withStoredKey } from './profile-draft'
import type { DraftForm } from './profile-field'
import { ProfileKeyFile } from './profile-key-file'

/** A dialog the key section opens over the Profile dialog. */
export type KeyDialog = 'generate' | 'import' | 'save-public' | 'export-private'

/** The key list's entries for a key made or imported on save; a key id never looks like these. */
const NEW_KEY = 'new'
const KEY_FILE = 'file'

/**
 * The Profile dialog's "Key": a new key made on save, a key file imported on save (first, for a
 * gateway whose portal made the key), a stored key chosen, or one generated or imported into the
 * keychain now; and the chosen key's public half and fingerprint.
 */
export function ProfileKeySection({
  form,
  keys,
  profile,
  preset,
  canBrowse,
  onBrowse,
  onOpen,
}: {
  readonly form: DraftForm
  readonly keys: readonly KeyInfo[]
  /** The profile being edited: it may still name a key file from before the keychain. */
  readonly profile: Profile | undefined
  readonly preset: Preset
  readonly canBrowse: boolean
  readonly onBrowse: () => Promise<string | null>
  readonly onOpen: (dialog: KeyDialog) => void
}) {
  const { draft, errors, touched } = form
  const error = touched.has('keyId') ? errors.keyId : undefined
  const selectedKey =
    draft.keySource === 'stored' ? keys.find((key) => key.id === draft.keyId) : undefined
  const offersNewKey = !preset.keyNeedsPassphrase
  const value =
    draft.keySource === 'new'
      ? NEW_KEY
      : draft.keySource === 'file'
        ? KEY_FILE
        : (draft.keyId ?? '')
  const choose = (chosen: string) =>
    form.update(
      chosen === NEW_KEY
        ? withKeySource(draft, 'new')
        : chosen === KEY_FILE
          ? withKeySource(draft, 'file')
          : withStoredKey(draft, (chosen || null) as KeyId | null),
    )
  const note = error
    ? error
    : draft.keySource === 'new'
      ? 'A new ed25519 key is made for this profile when you save; Mailroom then shows what to do with its public half.'
      : profile?.legacyKeyPath && draft.keyId === null
        ? `Uses the key file ${profile.legacyKeyPath}: import it so it is kept in the keychain.`
        : preset.keyNeedsPassphrase
          ? 'This gateway requires a key protected by a passphrase.'
          : 'Private keys are kept in the system keychain, never in a plain file.'
  return (
    <fieldset className="key-section">
      <legend>Key</legend>
      {draft.keySource === 'file' && (
        <ProfileKeyFile form={form} preset={preset} canBrowse={canBrowse} onBrowse={onBrowse} />
      )}
      <div className="field-row">
        <label htmlFor="profile-key" className="visually-hidden">
          Stored key
        </label>
        <select
          id="profile-key"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby="profile-key-note"
          onChange={(event) => choose(event.target.value)}
        >
          <option value="">{keys.length === 0 ? 'No keys yet' : 'Choose a stored key…'}</option>
          {offersNewKey && <option value={NEW_KEY}>New key, made on save</option>}
          <option value={KEY_FILE}>
            {preset.keyMadeBy === 'portal'
              ? `Key file from ${preset.label}`
              : 'Key file, imported on save'}
          </option>
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
        {note}
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
