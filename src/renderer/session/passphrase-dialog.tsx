import { useState } from 'react'
import { ModalDialog } from '../common/modal-dialog'

interface PassphraseDialogProps {
  readonly message: string
  readonly onSubmit: (passphrase: string) => void
  readonly onCancel: () => void
}

/** Asks for the key's passphrase at connect time; it is used for this connection only. */
export function PassphraseDialog({ message, onSubmit, onCancel }: PassphraseDialogProps) {
  const [passphrase, setPassphrase] = useState('')
  return (
    <ModalDialog title="Key passphrase" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (passphrase !== '') onSubmit(passphrase)
        }}
      >
        <p>{message}</p>
        <div className="field">
          <label htmlFor="connect-passphrase">Passphrase</label>
          <input
            id="connect-passphrase"
            type="password"
            autoComplete="off"
            autoFocus
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
          />
        </div>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={passphrase === ''}>
            Unlock key
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
