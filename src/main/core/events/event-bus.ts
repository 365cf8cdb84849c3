import { apiEvents, type EventName, type EventPayload } from '../../../shared/api-contract'
import type { ApiEvent } from '../../../shared/transport'

/**
 * Events from core to whichever transports are attached. Each payload is parsed against the
 * contract on the way out, so a transport only ever forwards what the contract names.
 */
export class EventBus {
  private readonly listeners = new Set<(event: ApiEvent) => void>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload: apiEvents[name].parse(payload) } as ApiEvent
    for (const listener of this.listeners) listener(event)
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
