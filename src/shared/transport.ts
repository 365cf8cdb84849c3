import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './api-contract'
import type { Result } from './errors'

/**
 * What every transport offers the renderer: the Electron preload over ipcRenderer and the web
 * bridge client over a WebSocket both implement it, so the UI cannot tell them apart.
 */
export interface ApiTransport {
  invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>>
  /** Calls `listener` for every event; returns the function that stops listening. */
  subscribe(listener: (event: ApiEvent) => void): () => void
}

/** One event from the main side, discriminated by name. */
export type ApiEvent = {
  [E in EventName]: { readonly name: E; readonly payload: EventPayload<E> }
}[EventName]

/** The one IPC channel that carries events to the Electron renderer, in arrays of them. */
export const EVENT_CHANNEL = 'mailroom:event'
