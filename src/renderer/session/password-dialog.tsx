import { useState } from 'react'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { SecretField } from '../common/secret-field'

interface PasswordDialogProps {
  readonly profileName: string
  /** Why it is asked, in the main side's words. */
  readonly message: string
  /** The profile keeps its password: one that logs in goes to the keychain. */
  readonly remembers: boolean
  readonly onSubmit: (password: string) => void
  readonly onCancel: () => void
}

/**
 * "Password for <profile>": the profile's password, asked at connect (every time, or until one
 * that logs in is kept). One attempt per connect: a wrong one ends the login with its message.
 */
export function PasswordDialog({
  profileName,
  message,
  remembers,
  onSubmit,
  onCancel,
}: PasswordDialogProps) {
  const [password, setPassword] = useState('')
  return (
    <ModalDialog title={`Password for ${profileName}`} onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (password !== '') onSubmit(password)
        }}
      >
        <p>{message}</p>
        <SecretField
          id="connect-password"
          label="Password"
          autoFocus
          value={password}
          onChange={setPassword}
          note={
            remembers
              ? 'Once it logs in, Mailroom keeps it in the system keychain.'
              : 'Used for this connection only: this profile asks at every connect.'
          }
        />
        <FormFooter submitLabel="Log in" submitDisabled={password === ''} onCancel={onCancel} />
      </form>
    </ModalDialog>
  )
}
