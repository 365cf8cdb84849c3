import { Notification, type BrowserWindow } from 'electron'
import { isFinishedState, type Transfer, type TransferId } from '../../shared/domain'
import type { EventSource } from './taskbar-progress'

/** What a finished pickup batch is announced with. */
export interface PickupOutcome {
  readonly title: string
  readonly body: string
}

const files = (count: number) => `${count} ${count === 1 ? 'file' : 'files'}`

/**
 * Groups pickups into batches (from the first started while none runs to the last finished)
 * and says how each batch ended. Automatic pickups start on the main side, so the page never
 * learns their ids: only here are all of them seen.
 */
export class PickupBatches {
  private readonly running = new Set<TransferId>()
  private picked = 0
  private failed = 0

  /** The announcement when this update ends a batch, else undefined. */
  update(transfer: Transfer): PickupOutcome | undefined {
    if (transfer.direction !== 'pickup') return undefined
    if (!isFinishedState(transfer.state)) {
      this.running.add(transfer.id)
      return undefined
    }
    // A late update for a pickup already counted, or one this shell never saw start.
    if (!this.running.delete(transfer.id)) return undefined
    if (transfer.state === 'done') this.picked++
    if (transfer.state === 'failed') this.failed++
    if (this.running.size > 0) return undefined
    const outcome = this.outcome()
    this.picked = 0
    this.failed = 0
    return outcome
  }

  private outcome(): PickupOutcome | undefined {
    if (this.failed > 0)
      return {
        title: 'Pickup failed',
        body: `${files(this.failed)} could not be picked up${this.picked > 0 ? `; ${files(this.picked)} picked up` : ''}. See Transfers for why.`,
      }
    // A batch that was only cancelled needs no announcement: the person cancelled it.
    if (this.picked === 0) return undefined
    return { title: 'Picked up', body: `${files(this.picked)} picked up.` }
  }
}

/**
 * A desktop notification when a pickup batch has finished and the window is not in front
 * (in front, the Transfers panel already says it). Clicking it brings the window back.
 * The page announces finished sends itself; pickups are announced here. Returns the stop function.
 */
export function notifyFinishedPickups(subscribe: EventSource, window: BrowserWindow): () => void {
  const batches = new PickupBatches()
  // Held until dismissed: a notification that is garbage-collected no longer reports its click.
  const shown = new Set<Notification>()
  return subscribe((event) => {
    if (event.name !== 'transfer:update') return
    const outcome = batches.update(event.payload)
    if (!outcome || window.isDestroyed() || window.isFocused() || !Notification.isSupported())
      return
    const notification = new Notification({ title: outcome.title, body: outcome.body })
    shown.add(notification)
    notification.on('close', () => shown.delete(notification))
    notification.on('click', () => {
      shown.delete(notification)
      if (window.isDestroyed()) return
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
    })
    notification.show()
  })
}
