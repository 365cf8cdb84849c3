import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { baseName, type RemotePath } from '../../../shared/remote-path'
import { MailroomError, translateLocalError } from '../errors'
import { safeLocalName } from '../pickup/local-file-name'
import type { SftpSession } from '../sftp/sftp-session'
import { downloadFile } from './engine/download-file'

/**
 * For dragging a remote file out onto the desktop: a verified download into a fresh temporary
 * folder (nothing is deleted on the server), whose path the OS drag then carries.
 */
export async function downloadForDrag(
  session: SftpSession,
  remotePath: RemotePath,
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
  return target
}
