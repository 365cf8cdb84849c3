import { useState } from 'react'
import type { KeyInfo } from '../../shared/domain'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { RadioChoices } from '../common/radio-choices'
import { ModalDialog } from '../common/modal-dialog'
import { SecretField } from '../common/secret-field'
import { SavePathField } from './save-path-field'

interface ExportKeyDialogProps {
  readonly client: MailroomClient
  readonly keyInfo: KeyInfo
  readonly what: 'public' | 'private'
  readonly canBrowse: boolean
  readonly onDone: (message: string) => void
  readonly onCancel: () => void
}

/**
 * "Save public key…" and "Export private key…". The private key leaves the keychain only here,
 * after the person confirms, into a file they name, never replacing one.
 */
export function ExportKeyDialog({
  client,
  keyInfo,
  what,
  canBrowse,
  onDone,
  onCancel,
}: ExportKeyDialogProps) {
  const [format, setFormat] = useState<'openssh' | 'ppk'>('openssh')
  const defaultName =
    what === 'public'
      ? 'mailroom_ed25519.pub'
      : format === 'ppk'
        ? 'mailroom-key.ppk'
        : 'mailroom_key'
  const [path, setPath] = useState('')
  const [exportPassphrase, setExportPassphrase] = useState('')
  const [keyPassphrase, setKeyPassphrase] = useState('')
  const [confirmed, setConfirmed] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const needsKeyPassphrase =
    what === 'private' && keyInfo.encrypted && !keyInfo.passphraseRemembered
  const ready =
    path.trim() !== '' &&
    (what === 'public' || (confirmed && (!needsKeyPassphrase || keyPassphrase !== '')))

  const submit = async () => {
    setBusy(true)
    setError(undefined)
    try {
      if (what === 'public') {
        await client.call('keys:export-public', { keyId: keyInfo.id, path: path.trim() })
      } else {
        await client.call('keys:export-private', {
          keyId: keyInfo.id,
          format,
          path: path.trim(),
          ...(keyPassphrase ? { passphrase: keyPassphrase } : {}),
          ...(exportPassphrase ? { exportPassphrase } : {}),
        })
      }
      onDone(`Saved ${what === 'public' ? 'the public key' : 'the private key'} to ${path.trim()}`)
    } catch (failure) {
      setError(asApiError(failure).message)
      setBusy(false)
    }
  }

  return (
    <ModalDialog
      title={what === 'public' ? 'Save public key' : 'Export private key'}
      onCancel={onCancel}
      tone={what === 'private' ? 'danger' : 'normal'}
    >
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (ready) void submit()
        }}
      >
        {what === 'private' && (
          <>
            <p className="danger-text">
              This writes your private key to a file. Anyone who gets the file can log in as you:
              keep it safe, and protect it with a passphrase.
            </p>
            <RadioChoices
              legend="Format"
              name="export-format"
              choices={[
                { value: 'openssh', label: 'OpenSSH' },
                { value: 'ppk', label: 'PuTTY .ppk (WinSCP, Pageant)' },
              ]}
              value={format}
              onChange={setFormat}
            />
          </>
        )}
        <SavePathField
          id="export-path"
          path={path}
          onPath={setPath}
          defaultName={defaultName}
          client={client}
          canBrowse={canBrowse}
        />
        {what === 'private' && (
          <>
            {needsKeyPassphrase && (
              <div className="field">
                <label htmlFor="export-key-passphrase">Current key passphrase</label>
                <input
                  id="export-key-passphrase"
                  type="password"
                  autoComplete="off"
                  value={keyPassphrase}
                  onChange={(event) => setKeyPassphrase(event.target.value)}
                />
              </div>
            )}
            <SecretField
              id="export-passphrase"
              label="Passphrase for the exported file"
              autoComplete="new-password"
              value={exportPassphrase}
              onChange={setExportPassphrase}
              note={
                exportPassphrase
                  ? 'The file will be encrypted with this passphrase.'
                  : 'Without a passphrase the file is not encrypted.'
              }
              alert={!exportPassphrase}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={confirmed}
                onChange={(event) => setConfirmed(event.target.checked)}
              />
              I understand that this file holds my private key
            </label>
          </>
        )}
        <FormFooter
          error={error}
          submitLabel={what === 'public' ? 'Save' : 'Export'}
          submitDisabled={busy || !ready}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
