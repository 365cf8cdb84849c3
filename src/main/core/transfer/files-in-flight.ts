import type { Profile } from '../../../shared/domain'
import type { SftpSession } from '../sftp/sftp-session'

// Handles kept free for what runs beside a batch: a listing, a drag-out download.
const HANDLES_KEPT_FREE = 4

/**
 * Files in flight on a server that does not state its open-handle limit (`limits@openssh.com`):
 * the most every server we tried took. One that states its limit gets the queue's whole budget
 * under it: at a 50 ms round trip 1,000 small files took 5.4 s with 64 in flight, 2.8 s with 256.
 */
export const FILES_IN_FLIGHT_UNSTATED_LIMIT = 64

/**
 * How many of a profile's files may be in flight at once, where fewer than the queue's budget:
 * one in conservative mode; fewer than the server's open-handle limit where it states one (each
 * file in flight holds one handle; past the limit OpenSSH's sftp-server refuses the OPEN).
 */
export function filesInFlightFor(
  profile: Pick<Profile, 'conservative'>,
  session: Pick<SftpSession, 'maxOpenHandles'> | undefined,
): number {
  if (profile.conservative) return 1
  const handles = session?.maxOpenHandles
  return handles === undefined
    ? FILES_IN_FLIGHT_UNSTATED_LIMIT
    : Math.max(1, handles - HANDLES_KEPT_FREE)
}
