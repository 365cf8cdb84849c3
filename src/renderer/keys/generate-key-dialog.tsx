import { useState } from 'react'
import type { KeyInfo } from '../../shared/domain'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { PassphraseFields, usePassphraseFields } from './passphrase-fields'

interface GenerateKeyDialogProps {
  readonly client: MailroomClient
  readonly defaultComment: string
  /** The gateway insists on a passphrase (AS2 Gateway). */
  readonly passphraseRequired: boolean
  readonly onGenerated: (key: KeyInfo) => void
  readonly onCancel: () => void
}

/** "Generate key": a new ed25519 key, as `ssh-keygen -t ed25519 -C comment` makes it. */
export function GenerateKeyDialog({
  client,
  defaultComment,
  passphraseRequired,
  onGenerated,
  onCancel,
}: GenerateKeyDialogProps) {
  const [comment, setComment] = useState(defaultComment)
  const passphrase = usePassphraseFields(passphraseRequired)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const generate = async () => {
    if (passphrase.problem) return
    setBusy(true)
    setError(undefined)
    try {
      const key = await client.call('keys:generate', {
        comment: comment.trim(),
        ...(passphrase.value ? { passphrase: passphrase.value } : {}),
        rememberPassphrase: passphrase.remember,
      })
      onGenerated(key)
    } catch (failure) {
      setError(asApiError(failure).message)
      setBusy(false)
    }
  }

  return (
    <ModalDialog title="Generate key" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          void generate()
        }}
      >
        <p className="field-hint">
          Mailroom makes an ed25519 key, the type gateways suggest. Its private half stays in this
          computer's keychain; you send the public half to the provider.
        </p>
        <div className="field">
          <label htmlFor="generate-comment">Comment</label>
          <input
            id="generate-comment"
            value={comment}
            maxLength={200}
            onChange={(event) => setComment(event.target.value)}
          />
          <p className="field-hint">
            A label that travels with the public key, e.g. your company and this computer.
          </p>
        </div>
        <PassphraseFields state={passphrase} idPrefix="generate" />
        <FormFooter
          error={error}
          submitLabel={busy ? 'Generating…' : 'Generate'}
          submitDisabled={busy || passphrase.problem !== undefined}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
