import type { Socket } from 'node:net'

/** AS2 Gateway's fair-usage limits: new connections a minute, and open at once, per address. */
export interface ConnectionLimit {
  readonly perMinute: number
  readonly atOnce: number
}

/** Counts connections per address: true to admit one, false when it is over the limit. */
export function connectionGate(limit: ConnectionLimit | undefined): (socket: Socket) => boolean {
  const recent = new Map<string, number[]>()
  const open = new Map<string, number>()
  return (socket) => {
    if (!limit) return true
    const address = socket.remoteAddress ?? ''
    const now = Date.now()
    const lastMinute = (recent.get(address) ?? []).filter((at) => now - at < 60_000)
    if (lastMinute.length >= limit.perMinute || (open.get(address) ?? 0) >= limit.atOnce)
      return false
    recent.set(address, [...lastMinute, now])
    open.set(address, (open.get(address) ?? 0) + 1)
    socket.once('close', () => open.set(address, Math.max(0, (open.get(address) ?? 1) - 1)))
    return true
  }
}
