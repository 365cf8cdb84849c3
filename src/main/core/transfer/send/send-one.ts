import { randomBytes } from 'node:crypto'
import type { UploadStrategy } from '../../../../shared/presets'
import { baseName, childPath, parentPath, type RemotePath } from '../../../../shared/remote-path'
import { MailroomError, toApiError } from '../../errors'
import { acrossDrops, type SessionSource } from '../../sessions/across-drops'
import type { SftpSession } from '../../sftp/sftp-session'
import { uploadFile } from '../engine/upload-file'
import type { JobControl } from '../transfer-queue'

/** How far an upload got before a drop: what it wrote on the server, and whether all of it. */
export interface UploadAttempt {
  /** Where the bytes go: the final name (`direct`) or a hidden temporary name beside it. */
  readonly target: RemotePath
  /** Every byte was written and the handle closed: the file on the server was complete. */
  written: boolean
  /** How many bytes that was. */
  sentBytes?: number
  /** The rename to the final name was sent. */
  renaming: boolean
}

/**
 * One file sent, step by step as the gateways' guides ask: make sure nothing of that name is
 * there (nothing is ever replaced), upload (to the final name, or a hidden temporary one), check
 * the size on the server against what was sent (an S3-backed server can keep a partial object),
 * then rename it into place. A dropped connection is carried over: the gateway cannot append
 * (S3 behind it), so each attempt starts from zero, after removing what the attempt before left,
 * unless that attempt had in fact finished (the file complete under its final name, or taken
 * by the gateway).
 */
export async function sendOne(
  sessions: SessionSource,
  localPath: string,
  remotePath: RemotePath,
  strategy: UploadStrategy,
  control: JobControl,
): Promise<void> {
  let previous: UploadAttempt | undefined
  await acrossDrops(
    sessions,
    { signal: control.signal, onDrop: () => control.reconnecting() },
    async (session) => {
      if (previous && (await finishedBeforeDrop(session, previous, remotePath))) return
      const attempt: UploadAttempt = {
        target: strategy === 'direct' ? remotePath : temporaryNameFor(remotePath),
        written: false,
        renaming: false,
      }
      previous = attempt
      // Outside the clean-up below: until this passes, nothing at either name is ours.
      await refuseExisting(session, remotePath)
      try {
        const sent = await upload(session, localPath, attempt, control)
        await verifySize(session, attempt, remotePath, sent, control)
        await renameIntoPlace(session, attempt, remotePath)
      } catch (error) {
        // After a drop the next attempt, on the new connection, deals with what is left.
        if (toApiError(error).kind === 'connection-lost') throw error
        throw await removePartial(session, attempt.target, remotePath, error)
      }
    },
  )
}

/** A hidden name beside the final one, for `temp-rename`: no watcher takes a dot-file. */
function temporaryNameFor(remotePath: RemotePath): RemotePath {
  return childPath(
    parentPath(remotePath),
    `.${baseName(remotePath)}.${randomBytes(4).toString('hex')}.mailroom-part`,
  )
}

/** Refuses to go on when the final name is taken on the server: nothing is replaced. */
async function refuseExisting(session: SftpSession, remotePath: RemotePath): Promise<void> {
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
}

async function upload(
  session: SftpSession,
  localPath: string,
  attempt: UploadAttempt,
  control: JobControl,
): Promise<number> {
  const sent = await uploadFile(session, localPath, attempt.target, {
    signal: control.signal,
    onProgress: (done, total) => control.progress(done, total),
  })
  // Every write was answered and the handle closed: a drop from here on (during the size check)
  // must not have a complete file removed and sent again, which a gateway that took it would
  // deliver twice.
  attempt.written = true
  attempt.sentBytes = sent
  return sent
}

/** The size on the server against what was sent. */
async function verifySize(
  session: SftpSession,
  attempt: UploadAttempt,
  remotePath: RemotePath,
  sent: number,
  control: JobControl,
): Promise<void> {
  control.verifying()
  const onServer = await session.stat(attempt.target)
  if (onServer.size !== sent) {
    throw new MailroomError(
      'verify-failed',
      `${JSON.stringify(remotePath)} on ${session.host} has ${onServer.size} bytes, but ${sent} were sent. Send it again.`,
    )
  }
}

/** A temporary upload gets its final name in one step, checked free again just before. */
async function renameIntoPlace(
  session: SftpSession,
  attempt: UploadAttempt,
  remotePath: RemotePath,
): Promise<void> {
  if (attempt.target === remotePath) return
  await refuseExisting(session, remotePath)
  attempt.renaming = true
  await session.renameIntoPlace(attempt.target, remotePath)
}

/**
 * After a drop, on the new connection: whether the attempt before delivered the file after all;
 * if not, what it left on the server is removed (it was ours: nothing was there before it).
 */
async function finishedBeforeDrop(
  session: SftpSession,
  attempt: UploadAttempt,
  remotePath: RemotePath,
): Promise<boolean> {
  const size = async (path: RemotePath) =>
    session.stat(path).then(
      (found) => found.size,
      (error: unknown) => {
        if (toApiError(error).kind === 'not-found') return undefined
        throw error
      },
    )
  const left = await size(attempt.target)
  if (attempt.target === remotePath) {
    // Complete and closed: it arrived, whether the gateway has taken it or it is still there
    // whole (an S3-backed server can keep a partial object: that one is sent again).
    if (attempt.written && (left === undefined || left === attempt.sentBytes)) return true
  } else if (attempt.renaming && left === undefined && (await size(remotePath)) !== undefined) {
    return true // the rename went through before the drop
  }
  if (left !== undefined) await session.remove(attempt.target)
  return false
}

/**
 * After a failed or cancelled upload, removes what was written (`written`: the final name, or
 * the temporary one), and says plainly what is left on the server when it cannot.
 */
async function removePartial(
  session: SftpSession,
  written: RemotePath,
  finalPath: RemotePath,
  cause: unknown,
): Promise<unknown> {
  const error = toApiError(cause)
  // Someone else's file under the final name is never removed; a temporary copy of ours is.
  if (error.kind === 'already-exists' && written === finalPath) return cause
  const where =
    written === finalPath
      ? `A partial copy of ${JSON.stringify(finalPath)}`
      : `A partial temporary file ${JSON.stringify(written)} (not under the final name)`
  if (!session.isOpen) {
    return new MailroomError(
      error.kind,
      `${error.message} ${where} may be on the server: check before sending again.`,
      undefined,
      { cause },
    )
  }
  try {
    await session.remove(written)
    return cause
  } catch (removeError) {
    if (toApiError(removeError).kind === 'not-found') return cause
    return new MailroomError(
      error.kind,
      `${error.message} ${where} could not be removed from the server: delete it there.`,
      undefined,
      { cause },
    )
  }
}
