import { MailroomError } from '../errors'

/** How many connections one host takes: AS2 Gateway allows 20 new a minute and 20 open at once. */
export interface ConnectionLimits {
  readonly perMinute: number
  readonly open: number
  /** The length of a "minute": shorter in tests. */
  readonly minuteMs: number
}

export const GATEWAY_LIMITS: ConnectionLimits = { perMinute: 20, open: 20, minuteMs: 60_000 }

/**
 * Keeps Mailroom within a host's connection limits, whatever asks for connections (several
 * profiles on one gateway, reconnecting after a drop): a new connection waits until the host
 * has room, rather than being refused by a gateway that then blocks the address.
 */
export class ConnectionLimiter {
  private readonly started = new Map<string, number[]>()
  private readonly openCount = new Map<string, number>()
  private readonly waiters = new Set<() => void>()

  constructor(private readonly limits: ConnectionLimits = GATEWAY_LIMITS) {}

  /**
   * Resolves once a new connection to `host` may start, with the function to call when that
   * connection has ended (or never came about).
   */
  async acquire(
    host: string,
    signal?: AbortSignal,
    /** A gateway's own, lower limits (a preset's); the lower of each is kept to. */
    lower?: Pick<ConnectionLimits, 'perMinute' | 'open'>,
  ): Promise<() => void> {
    const limits = {
      minuteMs: this.limits.minuteMs,
      perMinute: Math.min(this.limits.perMinute, lower?.perMinute ?? Infinity),
      open: Math.min(this.limits.open, lower?.open ?? Infinity),
    }
    for (;;) {
      if (signal?.aborted) throw new MailroomError('cancelled', 'Cancelled.')
      const now = Date.now()
      const recent = (this.started.get(host) ?? []).filter((at) => now - at < limits.minuteMs)
      this.started.set(host, recent)
      const open = this.openCount.get(host) ?? 0
      if (recent.length < limits.perMinute && open < limits.open) {
        recent.push(now)
        this.openCount.set(host, open + 1)
        let released = false
        return () => {
          if (released) return
          released = true
          this.openCount.set(host, (this.openCount.get(host) ?? 1) - 1)
          for (const wake of [...this.waiters]) wake()
        }
      }
      // Room comes back when the oldest start leaves the minute, or an open one ends.
      const untilOldest =
        recent.length >= limits.perMinute && recent[0] !== undefined
          ? recent[0] + limits.minuteMs - now
          : Infinity
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          this.waiters.delete(wake)
          signal?.removeEventListener('abort', wake)
          resolve()
        }
        const timer = Number.isFinite(untilOldest) ? setTimeout(wake, untilOldest) : undefined
        this.waiters.add(wake)
        signal?.addEventListener('abort', wake)
      })
    }
  }
}
