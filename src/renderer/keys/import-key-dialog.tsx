import { useState } from 'react'
import type { KeyInfo } from '../../shared/domain'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { RadioChoices } from '../common/radio-choices'
import { ModalDialog } from '../common/modal-dialog'

interface ImportKeyDialogProps {
  readonly client: MailroomClient
  readonly canBrowse: boolean
  readonly onImported: (key: KeyInfo) => void
  readonly onCancel: () => void
}

/**
 * "Import key": an existing private key from a file or pasted, in OpenSSH, PEM or PuTTY (.ppk)
 * format. It is copied into the keychain; the original file is left as it is.
 */
export function ImportKeyDialog({ client, canBrowse, onImported, onCancel }: ImportKeyDialogProps) {
  const [mode, setMode] = useState<'path' | 'text'>('path')
  const [path, setPath] = useState('')
  const [text, setText] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [askPassphrase, setAskPassphrase] = useState(false)
  const [remember, setRemember] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const source =
    mode === 'path' ? { kind: 'path' as const, path: path.trim() } : { kind: 'text' as const, text }
  const ready = mode === 'path' ? path.trim() !== '' : text.trim() !== ''

  const submit = async () => {
    setBusy(true)
    setError(undefined)
    try {
      onImported(
        await client.call('keys:import', {
          source,
          ...(passphrase ? { passphrase } : {}),
          rememberPassphrase: remember && passphrase !== '',
        }),
      )
    } catch (failure) {
      const apiError = asApiError(failure)
      if (apiError.kind === 'passphrase-needed' || apiError.kind === 'bad-passphrase')
        setAskPassphrase(true)
      setError(apiError.message)
      setBusy(false)
    }
  }

  return (
    <ModalDialog title="Import key" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (ready) void submit()
        }}
      >
        <RadioChoices
          legend="Where the key comes from"
          hideLegend
          name="import-mode"
          choices={[
            { value: 'path', label: 'From a file' },
            { value: 'text', label: 'Paste the key' },
          ]}
          value={mode}
          onChange={setMode}
        />
        {mode === 'path' ? (
          <div className="field">
            <label htmlFor="import-path">Private key file</label>
            <div className="field-row">
              <input
                id="import-path"
                value={path}
                spellCheck={false}
                placeholder="e.g. C:\Users\you\.ssh\id_ed25519 or key.ppk"
                onChange={(event) => setPath(event.target.value)}
              />
              {canBrowse && (
                <button
                  type="button"
                  onClick={() =>
                    void client
                      .call('dialog:choose-file', { title: 'Private key file' })
                      .then((chosen) => chosen && setPath(chosen))
                  }
                >
                  Browse…
                </button>
              )}
            </div>
            <p className="field-hint">
              OpenSSH (id_ed25519, id_rsa…), PEM, or PuTTY .ppk. The file itself is not changed.
            </p>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="import-text">Private key</label>
            <textarea
              id="import-text"
              rows={6}
              spellCheck={false}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
            <p className="field-hint">
              Paste the whole key, from its BEGIN line (or PuTTY-User-Key-File) to the end.
            </p>
          </div>
        )}
        {askPassphrase && (
          <>
            <div className="field">
              <label htmlFor="import-passphrase">Key passphrase</label>
              <input
                id="import-passphrase"
                type="password"
                autoComplete="off"
                autoFocus
                value={passphrase}
                onChange={(event) => setPassphrase(event.target.value)}
              />
            </div>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={remember}
                onChange={(event) => setRemember(event.target.checked)}
              />
              Remember the passphrase in the system keychain
            </label>
          </>
        )}
        <FormFooter
          error={error}
          submitLabel={busy ? 'Importing…' : 'Import'}
          submitDisabled={busy || !ready}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
