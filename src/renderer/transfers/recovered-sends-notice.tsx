import { needsAttention, type RecoveredSend } from '../../shared/recovered-send'
import type { TransferId } from '../../shared/domain'
import { readableName } from '../../shared/invisible-characters'
import { formatSize, formatTime } from '../common/format'
import { recoveredHeadline } from '../state/recovered-sends'

function sizes(send: RecoveredSend): string {
  const onServer = send.sizeOnServer === null ? 'nothing' : formatSize(send.sizeOnServer)
  return `${onServer} on the server of ${formatSize(send.sizeSent)} sent`
}

/**
 * The notice of what the next connection found of sends cut short by a crash: per file (or AS2
 * message) the mailbox, when it started, the size on the server against the size sent, what
 * Mailroom did, what the gateway may have done, and "Send again" where that is offered.
 */
export function RecoveredSendsNotice({
  sends,
  onSendAgain,
  onDismiss,
}: {
  readonly sends: readonly RecoveredSend[]
  readonly onSendAgain: (transferId: TransferId) => void
  readonly onDismiss: () => void
}) {
  return (
    <section
      aria-label="Sends recovered after a crash"
      aria-live="polite"
      className="banner banner-warning recovered-sends"
    >
      <div className="recovered-sends-body">
        <strong>{recoveredHeadline(sends)}</strong>
        <ul>
          {sends.map((send) => {
            const name = readableName(send.kind === 'message' ? `message ${send.name}` : send.name)
            return (
              <li key={send.id}>
                <span>
                  <strong>{name}</strong> to {readableName(send.mailbox)}, started{' '}
                  {formatTime(send.startedAt)}, {sizes(send)}. {send.summary} {send.gateway}
                </span>
                {send.transferId && send.sendAgainAs && needsAttention(send.outcome) && (
                  <button
                    type="button"
                    className="small"
                    aria-label={`Send ${name} again`}
                    onClick={() => send.transferId && onSendAgain(send.transferId)}
                  >
                    Send again
                    {send.kind === 'file' && send.sendAgainAs !== send.name
                      ? ` as ${readableName(send.sendAgainAs)}`
                      : ''}
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      </div>
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  )
}
