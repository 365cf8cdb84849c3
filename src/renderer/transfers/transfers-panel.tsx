import type { Transfer, TransferId } from '../../shared/domain'
import { readableName } from '../../shared/invisible-characters'
import { formatDuration, formatProgress, formatSize } from '../common/format'
import { VisibleName } from '../common/visible-name'
import { isActive, paceOf, type TransfersState } from '../state/transfers'

interface TransfersPanelProps {
  readonly transfers: TransfersState
  readonly onCancel: (id: TransferId) => void
  readonly onRetry: (id: TransferId) => void
  readonly onClear: () => void
}

const VERB: Record<Transfer['direction'], string> = {
  upload: 'Sending',
  download: 'Downloading',
  pickup: 'Picking up',
}
const DONE: Record<Transfer['direction'], string> = {
  upload: 'Sent',
  download: 'Downloaded',
  pickup: 'Picked up',
}

function statusText(transfer: Transfer, transfers: TransfersState, now: number): string {
  switch (transfer.state) {
    case 'queued':
      return 'Waiting'
    case 'running': {
      const pace = paceOf(transfers, transfer, now)
      const progress = formatProgress(transfer.transferredBytes, transfer.totalBytes)
      return pace
        ? `${progress} · ${formatSize(pace.bytesPerSecond)}/s · ${formatDuration(pace.secondsLeft)} left`
        : progress
    }
    case 'verifying':
      return transfer.direction === 'pickup'
        ? 'Verifying, then deleting on the server'
        : 'Verifying'
    case 'done':
      if (transfer.takenAt !== undefined) return 'Sent, and taken by the gateway'
      return transfer.direction === 'pickup'
        ? `${DONE.pickup} to ${transfer.localPath}`
        : `${DONE[transfer.direction]}, ${formatProgress(transfer.totalBytes, transfer.totalBytes)}`
    case 'cancelled':
      return 'Cancelled'
    case 'failed':
      return transfer.error?.message ?? 'Failed'
  }
}

/** The "Transfers" region: one row per transfer, a progress bar while it runs, cancel. */
export function TransfersPanel({ transfers, onCancel, onRetry, onClear }: TransfersPanelProps) {
  const now = Date.now()
  const list = transfers.order
    .map((id) => transfers.byId.get(id))
    .filter((transfer): transfer is Transfer => transfer !== undefined)
  const finished = list.some((transfer) => !isActive(transfer))
  return (
    <section aria-label="Transfers" className="transfers">
      <div className="pane-header">
        <h2>Transfers</h2>
        {finished && (
          <button type="button" className="link-button" onClick={onClear}>
            Clear finished
          </button>
        )}
      </div>
      {list.length === 0 ? (
        <p className="placeholder">Files you send or pick up appear here.</p>
      ) : (
        <ul className="transfer-list">
          {list.map((transfer) => {
            const percent =
              transfer.totalBytes === 0
                ? transfer.state === 'done'
                  ? 100
                  : 0
                : Math.floor((transfer.transferredBytes / transfer.totalBytes) * 100)
            const name = readableName(transfer.name)
            const label = `${VERB[transfer.direction]} ${name}`
            return (
              <li key={transfer.id} className={`transfer transfer-${transfer.state}`}>
                <span className="transfer-name" title={readableName(transfer.remotePath)}>
                  {VERB[transfer.direction]} <VisibleName name={transfer.name} />
                </span>
                {isActive(transfer) ? (
                  <div
                    role="progressbar"
                    aria-label={label}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={percent}
                    className="progress"
                  >
                    <div className="progress-fill" style={{ width: `${percent}%` }} />
                  </div>
                ) : (
                  <span className="transfer-outcome" aria-hidden="true">
                    {transfer.state === 'done' ? '✓' : transfer.state === 'failed' ? '!' : '–'}
                  </span>
                )}
                <span
                  className="transfer-status"
                  role={transfer.state === 'failed' ? 'alert' : undefined}
                >
                  <VisibleName name={statusText(transfer, transfers, now)} />
                </span>
                {(transfer.state === 'failed' || transfer.state === 'cancelled') && (
                  <button
                    type="button"
                    className="small"
                    aria-label={`Retry ${name}`}
                    onClick={() => onRetry(transfer.id)}
                  >
                    Retry
                  </button>
                )}
                {isActive(transfer) && (
                  <button
                    type="button"
                    className="small"
                    aria-label={`Cancel ${name}`}
                    onClick={() => onCancel(transfer.id)}
                  >
                    Cancel
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
