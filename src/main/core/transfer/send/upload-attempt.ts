import { randomBytes } from 'node:crypto'
import type { TemporaryFolder } from '../../../../shared/presets'
import { baseName, childPath, parentPath, type RemotePath } from '../../../../shared/remote-path'
import { MailroomError, toApiError } from '../../errors'
import type { RemoteStat, SftpSession } from '../../sftp/sftp-session'

/** How far an upload got before a drop: what it wrote on the server, and whether all of it. */
export interface UploadAttempt {
  /** Where the bytes go: the final name (`direct`) or a hidden temporary name. */
  readonly target: RemotePath
  /** Every byte was written and the handle closed: the file on the server was complete. */
  written: boolean
  /** How many bytes that was. */
  sentBytes?: number
  /** The rename to the final name was sent. */
  renaming: boolean
}

/**
 * A hidden temporary name for `temp-rename`: beside the final name, or in the send folder's
 * parent where the gateway takes every file placed in the send folder (TemporaryFolder).
 */
export function temporaryNameFor(remotePath: RemotePath, where: TemporaryFolder): RemotePath {
  const sendFolder = parentPath(remotePath)
  const folder = where === 'parent' && sendFolder !== '' ? parentPath(sendFolder) : sendFolder
  return childPath(
    folder,
    `.${baseName(remotePath)}.${randomBytes(4).toString('hex')}.mailroom-part`,
  )
}

/** Refuses to go on when the final name is taken on the server: nothing is replaced. */
export async function refuseExisting(session: SftpSession, remotePath: RemotePath): Promise<void> {
  if (await statIfThere(session, remotePath)) {
    throw new MailroomError(
      'already-exists',
      `A file named ${JSON.stringify(remotePath)} is already on ${session.host}. Nothing was replaced; rename your file or wait until the gateway has taken the other one.`,
    )
  }
}

/** The file at `path` as the server has it, or undefined where there is none. */
export async function statIfThere(
  session: SftpSession,
  path: RemotePath,
): Promise<RemoteStat | undefined> {
  return session.stat(path).then(
    (found) => found,
    (error: unknown) => {
      if (toApiError(error).kind === 'not-found') return undefined
      throw error
    },
  )
}

/**
 * After a drop, on the new connection: whether the attempt before delivered the file after all;
 * if not, what it left on the server is removed (it was ours: nothing was there before it).
 */
export async function finishedBeforeDrop(
  session: SftpSession,
  attempt: UploadAttempt,
  remotePath: RemotePath,
): Promise<boolean> {
  const size = async (path: RemotePath) => (await statIfThere(session, path))?.size
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
 * the temporary one), and says plainly what is left on the server when it cannot; `removed`
 * says nothing of this upload is left there.
 */
export async function removePartial(
  session: SftpSession,
  written: RemotePath,
  finalPath: RemotePath,
  cause: unknown,
): Promise<{ readonly error: unknown; readonly removed: boolean }> {
  const error = toApiError(cause)
  // Someone else's file under the final name is never removed; a temporary copy of ours is.
  if (error.kind === 'already-exists' && written === finalPath)
    return { error: cause, removed: true }
  const where =
    written === finalPath
      ? `A partial copy of ${JSON.stringify(finalPath)}`
      : `A partial temporary file ${JSON.stringify(written)} (not under the final name)`
  if (!session.isOpen) {
    return {
      error: new MailroomError(
        error.kind,
        `${error.message} ${where} may be on the server: Mailroom removes it at the next connection, or check before sending again.`,
        undefined,
        { cause },
      ),
      removed: false,
    }
  }
  try {
    await session.remove(written)
    return { error: cause, removed: true }
  } catch (removeError) {
    if (toApiError(removeError).kind === 'not-found') return { error: cause, removed: true }
    return {
      error: new MailroomError(
        error.kind,
        `${error.message} ${where} could not be removed from the server: delete it there.`,
        undefined,
        { cause },
      ),
      removed: false,
    }
  }
}
