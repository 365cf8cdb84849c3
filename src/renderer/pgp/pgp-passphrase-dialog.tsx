import { useState } from 'react'
import {
  describePurpose,
  PGP_PASSPHRASE_TRIES,
  type PgpPassphrasePrompt,
} from '../../shared/pgp-passphrase-prompt'
import { asApiError } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { SecretField } from '../common/secret-field'

/** What the person does with the question: the passphrase and "remember", or Cancel (null). */
export type PgpPassphraseReply = { readonly passphrase: string; readonly remember: boolean } | null

interface PgpPassphraseDialogProps {
  readonly prompt: PgpPassphrasePrompt
  /** Sends the reply (`pgp:answer-passphrase`); fails with the main side's message. */
  readonly onReply: (reply: PgpPassphraseReply) => Promise<void>
  /** Closes this dialog (not a newer question's). */
  readonly onClose: () => void
}

/**
 * Sends the reply and closes the dialog, unless the passphrase could not be given for a reason
 * the person can act on (shown in the dialog, which stays). Cancel always closes, and so does a
 * question the main side no longer has (`not-found`: timed out, withdrawn, shut down): a dialog
 * nobody can answer must not stay stuck on the window.
 */
export async function replyAndClose(
  reply: PgpPassphraseReply,
  onReply: (reply: PgpPassphraseReply) => Promise<void>,
  onClose: () => void,
): Promise<void> {
  try {
    await onReply(reply)
  } catch (failure) {
    if (reply !== null && asApiError(failure).kind !== 'not-found') throw failure
  }
  onClose()
}

/** A fingerprint in the groups of four GnuPG prints, so it can be read out and compared. */
export function groupedFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?=.)/g, '$1 ')
}

/** "Wrong passphrase: try again (2 of 3)." or the hint of a first question. */
export function passphraseNote(prompt: Pick<PgpPassphrasePrompt, 'wrong' | 'attempt'>): string {
  return prompt.wrong
    ? `Wrong passphrase: try again (${prompt.attempt} of ${PGP_PASSPHRASE_TRIES}).`
    : 'The files for this key wait for it; Cancel keeps them encrypted.'
}

/**
 * "OpenPGP passphrase": an own key's passphrase, asked when a file needs the key and the
 * passphrase is not remembered (decrypting on pickup, signing on send). The passphrase lives
 * only in the field: it goes to the main side with the answer and is in no other state.
 */
export function PgpPassphraseDialog({ prompt, onReply, onClose }: PgpPassphraseDialogProps) {
  const [passphrase, setPassphrase] = useState('')
  const [remember, setRemember] = useState(false)
  const [error, setError] = useState<string>()
  const reply = async (given: PgpPassphraseReply) => {
    try {
      await replyAndClose(given, onReply, onClose)
    } catch (failure) {
      setError(asApiError(failure).message)
    }
  }
  const cancel = () => void reply(null)
  return (
    <ModalDialog title="OpenPGP passphrase" onCancel={cancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (passphrase !== '') void reply({ passphrase, remember })
        }}
      >
        <p>
          Mailroom needs the passphrase of your OpenPGP key <strong>{prompt.name}</strong>{' '}
          {describePurpose(prompt)}.
        </p>
        <dl className="facts">
          <dt>Key ID</dt>
          <dd>
            <code>0x{prompt.keyId}</code>
          </dd>
          <dt>Fingerprint</dt>
          <dd>
            <code className="fingerprint">{groupedFingerprint(prompt.fingerprint)}</code>
          </dd>
        </dl>
        <SecretField
          id="pgp-passphrase"
          label="Passphrase"
          value={passphrase}
          onChange={setPassphrase}
          note={passphraseNote(prompt)}
          alert={prompt.wrong}
          invalid={prompt.wrong}
          autoFocus
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={remember}
            onChange={(event) => setRemember(event.target.checked)}
          />
          Remember it in the system keychain
        </label>
        <FormFooter
          error={error}
          submitLabel="Unlock key"
          submitDisabled={passphrase === ''}
          onCancel={cancel}
        />
      </form>
    </ModalDialog>
  )
}
