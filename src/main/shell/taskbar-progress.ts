import type { BrowserWindow } from 'electron'
import { isFinishedState, type Transfer, type TransferId } from '../../shared/domain'
import type { ApiEvent } from '../../shared/transport'

/** What the taskbar button (Windows), the dock icon (macOS) or the launcher (Linux) shows. */
export interface TaskbarProgress {
  /** 0 to 1 while transfers run; -1 removes the bar. */
  readonly value: number
  /** `error` turns the bar red on Windows; the other systems show the value only. */
  readonly mode: 'normal' | 'error'
}

export const IDLE: TaskbarProgress = { value: -1, mode: 'normal' }

interface Tally {
  files: number
  running: number
  finished: number
  failed: number
  totalBytes: number
  doneBytes: number
}

const emptyTally = (): Tally => ({
  files: 0,
  running: 0,
  finished: 0,
  failed: 0,
  totalBytes: 0,
  doneBytes: 0,
})

/** Adds (sign 1) or takes away (sign -1) one transfer's share of the batch. */
function count(tally: Tally, transfer: Transfer, sign: 1 | -1): void {
  const finished = isFinishedState(transfer.state)
  tally.files += sign
  tally.running += finished ? 0 : sign
  tally.finished += finished ? sign : 0
  tally.failed += transfer.state === 'failed' ? sign : 0
  tally.totalBytes += sign * transfer.totalBytes
  tally.doneBytes +=
    sign *
    (transfer.state === 'done'
      ? transfer.totalBytes
      : Math.min(transfer.transferredBytes, transfer.totalBytes))
}

/**
 * The progress of the transfers running together, from core's transfer events. A batch lasts
 * from the first transfer queued while idle until the last one finishes, and its value counts
 * the bytes of every transfer in it, finished ones too, so the bar only moves forward. A batch
 * that ended with a failure leaves a full red bar until the person has looked (`seen`).
 * Kept as running sums: a batch of thousands of files makes tens of thousands of updates.
 */
export class TransferProgressTracker {
  private readonly batch = new Map<TransferId, Transfer>()
  private tally = emptyTally()
  private failedBatch = false

  update(transfer: Transfer): TaskbarProgress {
    const known = this.batch.get(transfer.id)
    // A late update of a transfer of an earlier batch (the gateway taking a sent file).
    if (!known && isFinishedState(transfer.state)) return this.current()
    if (!known && this.tally.running === 0) this.failedBatch = false
    if (known) count(this.tally, known, -1)
    count(this.tally, transfer, 1)
    this.batch.set(transfer.id, transfer)
    if (this.tally.running === 0) {
      this.failedBatch = this.tally.failed > 0
      this.batch.clear()
      this.tally = emptyTally()
    }
    return this.current()
  }

  /** The person has seen the window: a finished batch's red bar goes. */
  seen(): TaskbarProgress {
    if (this.tally.running === 0) this.failedBatch = false
    return this.current()
  }

  current(): TaskbarProgress {
    const { running, failed, files, finished, totalBytes, doneBytes } = this.tally
    if (running === 0) return this.failedBatch ? { value: 1, mode: 'error' } : IDLE
    // Empty files only: count files instead of bytes.
    const value = totalBytes > 0 ? doneBytes / totalBytes : finished / files
    return { value, mode: failed > 0 ? 'error' : 'normal' }
  }
}

/** The subscription the shell already has for the window (Mailroom's `subscribe`). */
export type EventSource = (listener: (event: ApiEvent) => void) => () => void

/**
 * Shows the transfers' progress on the window's taskbar button or dock icon, from the same core
 * events the IPC registration forwards to the page. Returns the function that stops it.
 */
export function showTransferProgress(subscribe: EventSource, window: BrowserWindow): () => void {
  const tracker = new TransferProgressTracker()
  let shown = IDLE
  // Thousands of updates a second in a large batch: the bar is redrawn only when it changes
  // by a percent or changes mode.
  const show = (next: TaskbarProgress) => {
    const moved = Math.abs(next.value - shown.value) >= 0.01 || next.value < 0 !== shown.value < 0
    if (!moved && next.mode === shown.mode) return
    shown = next
    if (!window.isDestroyed()) window.setProgressBar(next.value, { mode: next.mode })
  }
  const unsubscribe = subscribe((event) => {
    if (event.name !== 'transfer:update') return
    tracker.update(event.payload)
    // A batch that fails while the person is looking at the window needs no red bar after it.
    show(window.isFocused() ? tracker.seen() : tracker.current())
  })
  const onFocus = () => show(tracker.seen())
  window.on('focus', onFocus)
  return () => {
    unsubscribe()
    window.off('focus', onFocus)
  }
}
