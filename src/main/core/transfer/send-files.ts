import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ProfileId, TransferId } from '../../../shared/domain'
import { childPath, type RemotePath } from '../../../shared/remote-path'
import { MailroomError, toApiError, translateLocalError } from '../errors'
import type { SftpSession } from '../sftp/sftp-session'
import type { JobControl, TransferQueue } from './transfer-queue'

/**
 * Queues one upload per local file into `remoteFolder`. Everything is checked before anything
 * is queued, so a folder among the files refuses the whole drop rather than half of it.
 */
export async function sendFiles(
  queue: TransferQueue,
  session: SftpSession,
  profileId: ProfileId,
  remoteFolder: RemotePath,
  localPaths: readonly string[],
): Promise<TransferId[]> {
  const files: Array<{ localPath: string; name: string; size: number }> = []
  for (const localPath of localPaths) {
    const info = await stat(localPath).catch((error: unknown) => {
      throw translateLocalError(error, 'read', localPath)
    })
    if (info.isDirectory()) {
      throw new MailroomError(
        'invalid-input',
        `${basename(localPath)} is a folder. Send the files inside it instead; nothing was sent.`,
      )
    }
    if (!info.isFile())
      throw new MailroomError(
        'invalid-input',
        `${basename(localPath)} is not a regular file; nothing was sent.`,
      )
    files.push({ localPath, name: basename(localPath), size: info.size })
  }
  const names = new Set<string>()
  for (const { name } of files) {
    if (names.has(name))
      throw new MailroomError(
        'invalid-input',
        `Two of the files are named ${name}; nothing was sent.`,
      )
    names.add(name)
  }
  return files.map(({ localPath, name, size }) => {
    const remotePath = childPath(remoteFolder, name)
    return queue.enqueue({
      profileId,
      direction: 'upload',
      name,
      remotePath,
      localPath,
      totalBytes: size,
      run: (control) => uploadOne(session, localPath, remotePath, control),
    })
  })
}

/**
 * Uploads straight to the final name (what MFT Gateway and Amili's watched folder need), after
 * making sure no file of that name is there already: sending never replaces a file on the server.
 * The size on the server is compared afterwards, since S3-backed servers can keep a partial object.
 */
async function uploadOne(
  session: SftpSession,
  localPath: string,
  remotePath: RemotePath,
  control: JobControl,
): Promise<void> {
  const existing = await session.stat(remotePath).then(
    () => true,
    (error: unknown) => {
      if (toApiError(error).kind === 'not-found') return false
      throw error
    },
  )
  if (existing) {
    throw new MailroomError(
      'already-exists',
      `A file named ${JSON.stringify(remotePath)} is already on ${session.host}. Nothing was replaced; rename your file or wait until the gateway has taken the other one.`,
    )
  }
  let sent: number
  try {
    sent = await session.upload(localPath, remotePath, {
      signal: control.signal,
      onProgress: (done, total) => control.progress(done, total),
    })
  } catch (error) {
    throw await removePartial(session, remotePath, error)
  }
  control.verifying()
  const onServer = await session.stat(remotePath)
  if (onServer.size !== sent) {
    throw new MailroomError(
      'verify-failed',
      `${JSON.stringify(remotePath)} on ${session.host} has ${onServer.size} bytes, but ${sent} were sent. Send it again.`,
    )
  }
}

/** After a failed or cancelled upload, removes what was written so no partial file waits under the final name. */
async function removePartial(
  session: SftpSession,
  remotePath: RemotePath,
  cause: unknown,
): Promise<unknown> {
  if (!session.isOpen) {
    const error = toApiError(cause)
    return new MailroomError(
      error.kind,
      `${error.message} A partial copy of ${JSON.stringify(remotePath)} may be on the server: check before sending again.`,
      undefined,
      { cause },
    )
  }
  try {
    await session.remove(remotePath)
    return cause
  } catch (removeError) {
    if (toApiError(removeError).kind === 'not-found') return cause
    const error = toApiError(cause)
    return new MailroomError(
      error.kind,
      `${error.message} The partial copy of ${JSON.stringify(remotePath)} could not be removed from the server: delete it there before sending again.`,
      undefined,
      { cause },
    )
  }
}
