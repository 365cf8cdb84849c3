import type { Duplex } from 'node:stream'
import type { HostKeyInfo } from '../../../shared/domain'
import type { Logger } from '../logging/logger'

/** Which server offers a host key: the profile's own, or a jump host on the way to it. */
export interface HostKeyServer {
  readonly host: string
  readonly port: number
  readonly jumpHost: boolean
}

/** What ssh2 talks over once a route is open, and how to end what the route opened for it. */
export interface RouteSocket {
  /** A TCP socket (straight, or tunnelled by a proxy), or a channel a jump host forwards. */
  readonly socket: Duplex
  /**
   * Call once the login is done: a TCP socket then hands ssh2 its reads in one reused buffer
   * (ssh-socket.ts); a forwarded channel has nothing to change.
   */
  shareReadBuffer(): void
  /** Ends the connections the route opened besides `socket` (the jump hosts'). */
  close(): void
}

/** What opening a route needs besides the route itself. */
export interface RouteContext {
  /** Decides on a jump host's key before any credential is sent to it, as on the server's. */
  readonly verifyHostKey: (hostKey: HostKeyInfo, server: HostKeyServer) => Promise<boolean>
  readonly logger: Logger
  /** Aborted when the attempt gives up (its time ran out): everything opened so far is ended. */
  readonly signal: AbortSignal
  /** How often the jump hosts' connections are checked, as the server's (open-session.ts). */
  readonly keepaliveIntervalMs?: number
  /**
   * Waits for the person (a jump host's login questions) with the session's timeout paused;
   * without it the wait counts against the time.
   */
  readonly whileWaiting?: <T>(waiting: Promise<T>) => Promise<T>
}
