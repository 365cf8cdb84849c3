import type { HostKeyPrompt } from '../../shared/domain'
import { ModalDialog } from '../common/modal-dialog'

interface UnknownHostKeyDialogProps {
  readonly prompt: HostKeyPrompt
  readonly onAnswer: (trust: boolean) => void
}

/** First contact with a server: show its key so the person can check it before trusting it. */
export function UnknownHostKeyDialog({ prompt, onAnswer }: UnknownHostKeyDialogProps) {
  return (
    <ModalDialog title="Unknown host key" onCancel={() => onAnswer(false)}>
      {prompt.jumpHost ? (
        <p>
          Mailroom has not connected to the <strong>jump host {prompt.host}</strong> port{' '}
          {prompt.port} before: the connection to the server goes through it. Check that this is the
          jump host's key before you trust it: its administrator can tell you the fingerprint.
        </p>
      ) : (
        <p>
          Mailroom has not connected to <strong>{prompt.host}</strong> port {prompt.port} before.
          Check that this is the server's key before you trust it: the provider publishes the
          fingerprint, or can read it to you.
        </p>
      )}
      <dl className="facts">
        <dt>Key type</dt>
        <dd>{prompt.hostKey.type}</dd>
        <dt>Fingerprint</dt>
        <dd>
          <code className="fingerprint">{prompt.hostKey.fingerprint}</code>
        </dd>
      </dl>
      <p className="field-hint">Nothing has been sent to the server yet. Cancel disconnects.</p>
      <div className="dialog-buttons">
        <button type="button" onClick={() => onAnswer(false)} autoFocus>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => onAnswer(true)}>
          Trust
        </button>
      </div>
    </ModalDialog>
  )
}
