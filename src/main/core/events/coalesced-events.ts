import type { ApiEvent } from '../../../shared/transport'

/** How long a transfer's updates are held back so that only its latest reaches the window. */
export const TRANSFER_UPDATE_INTERVAL_MS = 50

/**
 * Passes core's events on to a window in batches, one message for all that came in an
 * interval, and each transfer's latest state only: a batch of thousands of small files makes five updates a file (queued, running,
 * progress, verifying, done), most within a few milliseconds, and carrying each one across to
 * the page costs the CPU the transfers need. Session log entries (two a file) wait with them,
 * each sent: were they let through at once, each would send the held updates first, and a
 * pickup's updates were again sent one by one. One message a batch, not one an event: a
 * 3,000-file pickup made 20,000 WebSocket messages, whose handling cost Chromium as much CPU as
 * the pickup itself. Any other event goes at once with what is held before it, so the window
 * sees events in the order they happened.
 */
export function coalescingTransferUpdates(
  send: (events: readonly ApiEvent[]) => void,
  intervalMs = TRANSFER_UPDATE_INTERVAL_MS,
): { readonly listener: (event: ApiEvent) => void; stop(): void } {
  const held = new Map<string, ApiEvent>()
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    const events = [...held.values()]
    held.clear()
    return events
  }
  return {
    listener: (event) => {
      if (event.name === 'transfer:update') held.set(event.payload.id, event)
      else if (event.name === 'log:entry') held.set(`log:${event.payload.id}`, event)
      else {
        send([...flush(), event])
        return
      }
      timer ??= setTimeout(() => {
        const events = flush()
        if (events.length > 0) send(events)
      }, intervalMs)
    },
    stop: () => {
      clearTimeout(timer)
      timer = undefined
      held.clear()
    },
  }
}
