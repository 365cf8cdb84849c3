import type { Profile } from '../../../shared/domain'
import type { SftpSession } from '../sftp/sftp-session'

// Handles kept free for what runs beside a batch: a listing, a drag-out download.
const HANDLES_KEPT_FREE = 4

/**
 * How many of a profile's files may be in flight at once, where fewer than the queue's budget:
 * one in conservative mode; fewer than the server's open-handle limit where it states one (each
 * file in flight holds one handle; past the limit OpenSSH's sftp-server refuses the OPEN).
 */
export function filesInFlightFor(
  profile: Pick<Profile, 'conservative'>,
  session: Pick<SftpSession, 'maxOpenHandles'> | undefined,
): number | undefined {
  if (profile.conservative) return 1
  const handles = session?.maxOpenHandles
  return handles === undefined ? undefined : Math.max(1, handles - HANDLES_KEPT_FREE)
}

/** `{ filesInFlight }` where there is a limit, for spreading into a request. */
export function withFilesInFlight(limit: number | undefined): { filesInFlight?: number } {
  return limit === undefined ? {} : { filesInFlight: limit }
}
