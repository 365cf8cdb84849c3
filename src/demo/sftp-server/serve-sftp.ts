import type ssh2 from 'ssh2'
import type { DemoAccount, FileServerEvents } from './demo-account'
import { delayReplies, virtualFilesOf, type FileServerFaults } from './fault-modes'
import { serveFileRequests } from './file-requests'
import { servePathRequests } from './path-requests'
import { requestContext } from './request-context'

/** Serves one SFTP channel of a logged-in account: its folder, with the faults asked for. */
export function serveSftp(
  sftp: ssh2.SFTPWrapper,
  account: DemoAccount,
  events: FileServerEvents,
  faults: FileServerFaults,
  virtualNames: Set<string>,
  drop: () => void,
): void {
  delayReplies(sftp, faults.delayMs)
  const context = requestContext(
    sftp,
    account,
    events,
    faults,
    virtualFilesOf(faults, virtualNames),
  )
  servePathRequests(context)
  serveFileRequests(context, drop)
}
