import type { Preset } from '../../shared/presets'
import type { DraftForm } from './profile-field'
import { SecretField } from '../common/secret-field'

/**
 * A private key file and its passphrase, imported into the keychain when the profile is saved:
 * how a key the gateway's portal made comes in (AS2 Gateway's guide: download the key from its
 * SFTP page; its passphrase is the one given there), with no dialog of its own.
 */
export function ProfileKeyFile({
  form,
  preset,
  canBrowse,
  onBrowse,
}: {
  readonly form: DraftForm
  readonly preset: Preset
  readonly canBrowse: boolean
  readonly onBrowse: () => Promise<string | null>
}) {
  const { draft, errors, touched } = form
  const fileError = touched.has('keyFile') ? errors.keyFile : undefined
  const passphraseError = touched.has('keyPassphrase') ? errors.keyPassphrase : undefined
  const fromPortal = preset.keyMadeBy === 'portal'
  return (
    <div className="key-file">
      <p className="key-lead">
        {fromPortal ? `Import the key ${preset.label} gave you` : 'Import a key file'}
      </p>
      <div className="field-grid">
        <div className="field">
          <label htmlFor="profile-keyFile">Key file</label>
          <div className="field-row">
            <input
              id="profile-keyFile"
              value={draft.keyFile}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={fileError ? true : undefined}
              aria-describedby="profile-keyFile-note"
              onChange={(event) => form.change('keyFile', event.target.value)}
              onBlur={() => form.touch('keyFile')}
            />
            {canBrowse && (
              <button
                type="button"
                onClick={() =>
                  void onBrowse().then((chosen) => chosen && form.change('keyFile', chosen))
                }
              >
                Browse…
              </button>
            )}
          </div>
          <p id="profile-keyFile-note" className={fileError ? 'field-error' : 'field-hint'}>
            {fileError ??
              (fromPortal
                ? `The private key downloaded from ${preset.label}'s SFTP page.`
                : 'OpenSSH, PEM or PuTTY .ppk; the file itself is not changed.')}
          </p>
        </div>
        <SecretField
          id="profile-keyPassphrase"
          label="Key passphrase"
          value={draft.keyPassphrase}
          onChange={(passphrase) => form.change('keyPassphrase', passphrase)}
          onBlur={() => form.touch('keyPassphrase')}
          note={passphraseError ?? 'Kept in the system keychain, so it is not asked again.'}
          alert={Boolean(passphraseError)}
          invalid={Boolean(passphraseError)}
        />
      </div>
    </div>
  )
}
