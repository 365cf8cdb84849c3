import { MailroomError } from '../errors'
import type { SftpSession } from '../sftp/sftp-session'

/** Where a transfer gets its profile's session: the open one, or the one a reconnect brings back. */
export interface SessionSource {
  current(signal?: AbortSignal): Promise<SftpSession>
}

/** A source that never reconnects: one session, for as long as it is open. */
export function fixedSession(session: SftpSession): SessionSource {
  return { current: async () => session }
}

/**
 * A file that the connection drops under this many times is given up: a server that mishandles
 * many requests in flight drops the link on the same transfer again and again.
 */
export const DROPS_PER_TRANSFER = 4

export interface AcrossDropsControl {
  readonly signal?: AbortSignal
  /** Told each time the connection dropped and the work waits for it to come back. */
  readonly onDrop?: (reason: MailroomError) => void
  /** Told when the work starts again on the session that came back. */
  readonly onResume?: () => void
}

/**
 * Runs `work` on the profile's session; when the connection drops under it, waits for the
 * session to come back and runs it again on the new one. `work` decides what carries over from
 * the attempt before (a download resumes after what it saved; an upload starts again).
 */
export async function acrossDrops<T>(
  source: SessionSource,
  control: AcrossDropsControl,
  work: (session: SftpSession) => Promise<T>,
): Promise<T> {
  let dropped: SftpSession | undefined
  for (let drops = 1; ; drops += 1) {
    const session = await source.current(control.signal)
    if (dropped) control.onResume?.()
    try {
      return await work(session)
    } catch (error) {
      if (
        !(error instanceof MailroomError) ||
        error.kind !== 'connection-lost' ||
        control.signal?.aborted
      )
        throw error
      session.abandon(error)
      if (session === dropped) throw error
      if (drops >= DROPS_PER_TRANSFER)
        throw new MailroomError(
          'connection-lost',
          `The connection to ${session.host} dropped ${drops} times during this transfer. If the server keeps dropping it mid-transfer, turn on Conservative mode in the profile (one request at a time) and try again.`,
          undefined,
          { cause: error },
        )
      dropped = session
      control.onDrop?.(error)
    }
  }
}
