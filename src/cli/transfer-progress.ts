import { isFinishedState, type Transfer, type TransferId } from '../shared/domain'
import type { ApiEvent } from '../shared/transport'
import { formatBytes, type Output } from './output'

/**
 * Follows the transfers of one batch through `transfer:update` events: a line as each one
 * finishes, a progress line with the batch total meanwhile, and a promise for when all are done.
 * Events may arrive before the call that queued the transfer returns, so it keeps every
 * transfer it hears of and counts only those it is told belong to the batch.
 */
export class TransferProgress {
  private readonly seen = new Map<TransferId, Transfer>()
  private readonly batch = new Set<TransferId>()
  private readonly reported = new Set<TransferId>()
  private readonly waiters: Array<() => void> = []
  private readonly startedAt = Date.now()

  constructor(private readonly output: Output) {}

  /** Feed every event here (from Mailroom's subscribe). */
  onEvent(event: ApiEvent): void {
    if (event.name !== 'transfer:update') return
    this.seen.set(event.payload.id, event.payload)
    if (this.batch.has(event.payload.id)) this.changed()
  }

  add(ids: readonly TransferId[]): void {
    for (const id of ids) this.batch.add(id)
    this.changed()
  }

  /** Resolves once every transfer of the batch has finished (done, failed or cancelled). */
  finished(): Promise<readonly Transfer[]> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.allFinished()) return false
        this.output.clearProgress()
        resolve(this.transfers())
        return true
      }
      if (!check()) this.waiters.push(() => void check())
    })
  }

  transfers(): Transfer[] {
    return [...this.batch].flatMap((id) => {
      const transfer = this.seen.get(id)
      return transfer ? [transfer] : []
    })
  }

  private allFinished(): boolean {
    return [...this.batch].every((id) => {
      const state = this.seen.get(id)?.state
      return state !== undefined && isFinishedState(state)
    })
  }

  private changed(): void {
    for (const transfer of this.transfers()) {
      if (!isFinishedState(transfer.state) || this.reported.has(transfer.id)) continue
      this.reported.add(transfer.id)
      this.output.line(describeFinished(transfer))
    }
    this.drawTotal()
    if (this.allFinished()) for (const waiter of this.waiters.splice(0)) waiter()
  }

  private drawTotal(): void {
    const transfers = this.transfers()
    const done = transfers.filter((transfer) => transfer.state === 'done').length
    const failed = transfers.filter(
      (transfer) => transfer.state === 'failed' || transfer.state === 'cancelled',
    ).length
    const total = transfers.reduce((sum, transfer) => sum + transfer.totalBytes, 0)
    const moved = transfers.reduce((sum, transfer) => sum + transfer.transferredBytes, 0)
    const seconds = Math.max((Date.now() - this.startedAt) / 1000, 0.001)
    const running = transfers.find((transfer) => !isFinishedState(transfer.state))
    const reconnecting = transfers.some((transfer) => transfer.state === 'reconnecting')
    this.output.progress(
      [
        `${done + failed}/${this.batch.size} files`,
        `${formatBytes(moved)} of ${formatBytes(total)}`,
        `${formatBytes(moved / seconds)}/s`,
        failed > 0 ? `${failed} failed` : '',
        reconnecting ? 'reconnecting…' : running ? describeRunning(running) : '',
      ]
        .filter((part) => part !== '')
        .join(' · '),
    )
  }
}

/** The file under way, and the OpenPGP step it is in: "encrypting a.xml 40%". */
function describeRunning(transfer: Transfer): string {
  // The queue keeps `work` only while the transfer is encrypting or decrypting.
  if (!transfer.work) return transfer.name
  const { doneBytes, totalBytes } = transfer.work
  const percent = totalBytes === 0 ? 0 : Math.floor((doneBytes / totalBytes) * 100)
  return `${transfer.state} ${transfer.name} ${percent}%`
}

function describeFinished(transfer: Transfer): string {
  const where = transfer.direction === 'upload' ? transfer.remotePath : transfer.localPath
  if (transfer.state === 'done')
    return `done    ${transfer.name} (${formatBytes(transfer.totalBytes)}) -> ${where}`
  return `${transfer.state.padEnd(7)} ${transfer.name}: ${transfer.error?.message ?? 'cancelled'}`
}
