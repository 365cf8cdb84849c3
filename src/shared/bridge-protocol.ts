import { z } from 'zod'
import type { Result } from './errors'
import type { ApiEvent } from './transport'

/** A call from the browser: the name and input are checked against the contract by dispatch. */
export const bridgeRequest = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  input: z.unknown(),
})
export type BridgeRequest = z.infer<typeof bridgeRequest>

/** What the bridge sends back: a call's result, or events in the order they happened. */
export type BridgeMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'events'; readonly events: readonly ApiEvent[] }

/** Where the web client posts a dropped file's bytes, and the header carrying the token. */
export const STAGING_PATH = '/staging'
export const TOKEN_HEADER = 'x-mailroom-token'
/** The WebSocket endpoint; the token travels as the `token` query parameter. */
export const API_SOCKET_PATH = '/api'
