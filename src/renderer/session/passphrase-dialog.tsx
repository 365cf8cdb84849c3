import { useState } from 'react'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'

interface PassphraseDialogProps {
  readonly message: string
  /** Offer to remember it (keys kept in the keychain; not legacy key files). */
  readonly canRemember: boolean
  readonly onSubmit: (passphrase: string, remember: boolean) => void
  readonly onCancel: () => void
}

/** Asks for the key's passphrase at connect time; it is used for this connection only. */
export function PassphraseDialog({
  message,
  canRemember,
  onSubmit,
  onCancel,
}: PassphraseDialogProps) {
  const [passphrase, setPassphrase] = useState('')
  const [remember, setRemember] = useState(false)
  return (
    <ModalDialog title="Key passphrase" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (passphrase !== '') onSubmit(passphrase, remember)
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
        {canRemember && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={remember}
              onChange={(event) => setRemember(event.target.checked)}
            />
            Remember it in the system keychain
          </label>
        )}
        <FormFooter
          submitLabel="Unlock key"
          submitDisabled={passphrase === ''}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
