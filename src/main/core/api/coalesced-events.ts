import type { ApiEvent } from '../../../shared/transport'

/** How long a transfer's updates are held back so that only its latest reaches the window. */
export const TRANSFER_UPDATE_INTERVAL_MS = 50

/**
 * Passes core's events on to a window, sending each transfer's latest state at most once per
 * interval: a batch of thousands of small files makes five updates a file (queued, running,
 * progress, verifying, done), most within a few milliseconds, and carrying each one across to
 * the page costs the CPU the transfers need. Any other event first sends the held updates, so
 * the window sees events in the order they happened.
 */
export function coalescingTransferUpdates(
  send: (event: ApiEvent) => void,
  intervalMs = TRANSFER_UPDATE_INTERVAL_MS,
): { readonly listener: (event: ApiEvent) => void; stop(): void } {
  const held = new Map<string, ApiEvent>()
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    const events = [...held.values()]
    held.clear()
    for (const event of events) send(event)
  }
  return {
    listener: (event) => {
      if (event.name !== 'transfer:update') {
        flush()
        send(event)
        return
      }
      held.set(event.payload.id, event)
      timer ??= setTimeout(flush, intervalMs)
    },
    stop: () => {
      clearTimeout(timer)
      timer = undefined
      held.clear()
    },
  }
}
