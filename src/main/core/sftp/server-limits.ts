import type { ServerLimits } from './sftp-session'

// Where the server states no limit: what every SFTP server takes (draft-ietf-secsh-filexfer-02
// asks servers to handle 32 KiB packets at least).
export const FALLBACK_REQUEST_BYTES = 32 * 1024
// The most one request may carry, whatever the server says: OpenSSH's own limit (255 KiB) and
// a little more. A block of the engine is a whole number of requests, so a server advertising
// 2^40 would otherwise make an upload allocate buffers the size of the file, and overflow the
// SSH packet length past 4 GiB.
export const MOST_REQUEST_BYTES = 256 * 1024
// Files a session keeps open at once, whatever the server says: the transfer queue's budget
// of files in flight is far below this.
const MOST_OPEN_HANDLES = 100_000

/** What the server advertised (`limits@openssh.com`), any field missing or nonsense. */
export interface AdvertisedLimits {
  readonly readBytes?: unknown
  readonly writeBytes?: unknown
  readonly openHandles?: unknown
}

/**
 * A server's limits as Mailroom uses them: each a positive whole number within sane bounds,
 * the fallback where the server gave none or garbage, `conservative` mode's 32 KiB at most, and
 * `readCap` (the adapter's own preference for reads) applied.
 */
export function clampServerLimits(
  advertised: AdvertisedLimits,
  options: { readonly conservative: boolean; readonly readCap?: number },
): ServerLimits {
  const cap = options.conservative ? FALLBACK_REQUEST_BYTES : MOST_REQUEST_BYTES
  const readCap = Math.min(cap, options.readCap ?? cap)
  const openHandles = positiveInteger(advertised.openHandles)
  return {
    readBytes: Math.min(positiveInteger(advertised.readBytes) ?? FALLBACK_REQUEST_BYTES, readCap),
    writeBytes: Math.min(positiveInteger(advertised.writeBytes) ?? FALLBACK_REQUEST_BYTES, cap),
    openHandles: openHandles === undefined ? undefined : Math.min(openHandles, MOST_OPEN_HANDLES),
  }
}

/** A finite whole number of at least 1, or undefined (0 and Infinity mean "no limit stated"). */
function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1
    ? Math.floor(value)
    : undefined
}
