import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { baseName, type RemotePath } from '../../../shared/remote-path'
import { MailroomError, translateLocalError } from '../errors'
import { safeLocalName } from '../pickup/local-file-name'
import { markFromInternet, type FileOrigin } from '../origin/mark-from-internet'
import type { SftpSession } from '../sftp/sftp-session'
import { downloadFile } from './engine/download-file'

/**
 * For dragging a remote file out onto the desktop: a verified download into a fresh temporary
 * folder (nothing is deleted on the server), marked as from the internet as a pickup is, whose
 * path the OS drag then carries (the copy it makes keeps the mark).
 */
export async function downloadForDrag(
  session: SftpSession,
  remotePath: RemotePath,
  server: Omit<FileOrigin, 'remotePath'>,
): Promise<string> {
  const listed = await session.stat(remotePath)
  if (listed.kind !== 'file')
    throw new MailroomError('invalid-input', `${JSON.stringify(remotePath)} is not a file.`)
  const folder = await mkdtemp(join(tmpdir(), 'mailroom-drag-')).catch((error: unknown) => {
    throw translateLocalError(error, 'create a temporary folder in', tmpdir())
  })
  const target = join(folder, safeLocalName(baseName(remotePath)))
  const received = await downloadFile(session, remotePath, target, { listedSize: listed.size })
  if (
    received.size !== listed.size ||
    received.after.size !== listed.size ||
    received.after.modifiedAt !== listed.modifiedAt
  ) {
    throw new MailroomError(
      'verify-failed',
      `${JSON.stringify(remotePath)} changed while it was downloaded; drag it again.`,
    )
  }
  // A temporary folder that cannot hold the mark (rare) still lets the file be dragged.
  await markFromInternet(target, { ...server, remotePath })
  return target
}
