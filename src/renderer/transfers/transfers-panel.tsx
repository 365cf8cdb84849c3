import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef } from 'react'
import type { PickupHistoryEntry, Transfer, TransferId } from '../../shared/domain'
import { readableName } from '../../shared/invisible-characters'
import { formatDuration, formatSize } from '../common/format'
import { VisibleName } from '../common/visible-name'
import { percentOf, statusText } from './transfer-status'
import {
  batchSummary,
  isActive,
  shownOrder,
  type BatchSummary,
  type TransfersState,
} from '../state/transfers'

interface TransfersPanelProps {
  readonly transfers: TransfersState
  readonly onCancel: (id: TransferId) => void
  readonly onRetry: (id: TransferId) => void
  readonly onClear: () => void
  /** A finished pickup's history entry: its saved (decrypted) name and OpenPGP verdict. */
  readonly pickedUp?: (transfer: Transfer) => PickupHistoryEntry | undefined
}

const VERB: Record<Transfer['direction'], string> = {
  upload: 'Sending',
  download: 'Downloading',
  pickup: 'Picking up',
}
/** "3 of 10,000 done · 1 failed · 2.1 MB/s · 4 min left": the batch in one line. */
export function summaryText(summary: BatchSummary): string {
  const parts = [
    `${summary.done.toLocaleString('en')} of ${summary.total.toLocaleString('en')} done`,
  ]
  if (summary.failed > 0) parts.push(`${summary.failed.toLocaleString('en')} failed`)
  if (summary.bytesPerSecond !== undefined) parts.push(`${formatSize(summary.bytesPerSecond)}/s`)
  if (summary.secondsLeft !== undefined) parts.push(`${formatDuration(summary.secondsLeft)} left`)
  return parts.join(' · ')
}

const ROW_HEIGHT = 36

/**
 * The "Transfers" region: a summary of the batch, then one row per transfer (running first),
 * a progress bar while it runs, cancel and retry. Only the rows in view are in the page.
 */
export function TransfersPanel({
  transfers,
  onCancel,
  onRetry,
  onClear,
  pickedUp,
}: TransfersPanelProps) {
  const now = Date.now()
  const list = useMemo(() => shownOrder(transfers), [transfers])
  const finished = list.some((transfer) => !isActive(transfer))
  const scroller = useRef<HTMLElement>(null)
  const virtualizer = useVirtualizer({
    count: list.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })
  const items = virtualizer.getVirtualItems()
  const paddingTop = items[0]?.start ?? 0
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)
  return (
    <section aria-label="Transfers" className="transfers" ref={scroller}>
      <div className="pane-header">
        <h2>Transfers</h2>
        {list.length > 0 && (
          <p className="transfers-summary" aria-label="Batch summary">
            {summaryText(batchSummary(transfers, now))}
          </p>
        )}
        {finished && (
          <button type="button" className="link-button" onClick={onClear}>
            Clear finished
          </button>
        )}
      </div>
      {list.length === 0 ? (
        <p className="placeholder">Files you send or pick up appear here.</p>
      ) : (
        <ul
          className="transfer-list"
          style={{ paddingTop: paddingTop + 4, paddingBottom: paddingBottom + 4 }}
        >
          {items.map((item) => {
            const transfer = list[item.index]
            if (!transfer) return null
            const percent = percentOf(transfer)
            const name = readableName(transfer.name)
            const label = `${VERB[transfer.direction]} ${name}`
            // Cut at its end when long: the whole line is there on hover.
            const status = statusText(transfer, transfers, now, pickedUp?.(transfer))
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
                  title={readableName(status)}
                >
                  <VisibleName name={status} />
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
