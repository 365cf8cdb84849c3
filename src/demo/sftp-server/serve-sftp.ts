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
  // A client that drops the connection sends no CLOSE: its files would stay open until the
  // garbage collector closed them (and Node warned), and a Windows gateway would keep them locked.
  sftp.once('close', () => {
    for (const handle of context.handles.values())
      if (handle.kind === 'file')
        void handle.turn
          .then(() => handle.file.close())
          .catch(() => context.log('CLOSE failed after the client left', handle.path))
    context.handles.clear()
  })
}
