import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ProfileId, TransferId } from '../../../shared/domain'
import { baseName, childPath, parentPath, type RemotePath } from '../../../shared/remote-path'
import { MailroomError, toApiError, translateLocalError } from '../errors'
import { acrossDrops, type SessionSource } from '../sessions/across-drops'
import type { SftpSession } from '../sftp/sftp-session'
import type { JobControl, TransferQueue } from './transfer-queue'
import type { UploadStrategy } from '../../../shared/presets'

export interface SendRequest {
  readonly queue: TransferQueue
  /** The profile's session; after a drop, the one it reconnects to, so the batch carries on. */
  readonly sessions: SessionSource
  readonly profileId: ProfileId
  readonly remoteFolder: RemotePath
  readonly localPaths: readonly string[]
  readonly strategy: UploadStrategy
  /** Names to use on the server instead of the local ones (e.g. with a suffix against duplicates). */
  readonly remoteNames?: readonly string[]
  /** Files of one message run one after another, each starting when the previous finished. */
  readonly sequential?: boolean
  /** Files at once on the connection, if fewer than the queue's budget (conservative mode: 1). */
  readonly filesInFlight?: number
  /** Called with each file once it is on the server under its final name. */
  readonly onSent?: (remotePath: RemotePath, transferId: TransferId) => void
}

export interface LocalFile {
  readonly localPath: string
  readonly name: string
  readonly size: number
}

/**
 * Checks the local files before anything is queued: a folder among them refuses the whole
 * drop rather than half of it, and so do two files of the same name.
 */
export async function checkLocalFiles(
  localPaths: readonly string[],
  remoteNames?: readonly string[],
): Promise<LocalFile[]> {
  const files: LocalFile[] = []
  for (const [index, localPath] of localPaths.entries()) {
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
    const name = remoteNames?.[index] ?? basename(localPath)
    if (name === '' || name.includes('/') || name === '.' || name === '..')
      throw new MailroomError('invalid-input', `"${name}" cannot be a file name on the server.`)
    files.push({ localPath, name, size: info.size })
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
  return files
}

/** Queues one upload per local file into `remoteFolder`, with the profile's upload strategy. */
export async function sendFiles(request: SendRequest): Promise<TransferId[]> {
  const files = await checkLocalFiles(request.localPaths, request.remoteNames)
  let previous: TransferId | undefined
  return files.map(({ localPath, name, size }) => {
    const remotePath = childPath(request.remoteFolder, name)
    const id = request.queue.enqueue({
      profileId: request.profileId,
      direction: 'upload',
      name,
      remotePath,
      localPath,
      totalBytes: size,
      ...(request.sequential && previous ? { after: previous } : {}),
      ...(request.filesInFlight ? { filesInFlight: request.filesInFlight } : {}),
      run: async (control) => {
        await uploadAcrossDrops(request.sessions, localPath, remotePath, request.strategy, control)
        request.onSent?.(remotePath, control.id)
      },
    })
    previous = id
    return id
  })
}

/** How far an upload got before a drop: what it wrote on the server, and whether all of it. */
interface UploadAttempt {
  readonly target: RemotePath
  /** Every byte was written and the handle closed: the file on the server was complete. */
  written: boolean
  /** The rename to the final name was sent. */
  renaming: boolean
}

/**
 * One upload, carried on after a dropped connection: the gateway cannot append (S3 behind it),
 * so each attempt starts from zero, after removing what the attempt before left, unless that
 * attempt had in fact finished (the file complete under its final name, or taken by the gateway).
 */
async function uploadAcrossDrops(
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
        target:
          strategy === 'direct'
            ? remotePath
            : childPath(
                parentPath(remotePath),
                `.${baseName(remotePath)}.${randomBytes(4).toString('hex')}.mailroom-part`,
              ),
        written: false,
        renaming: false,
      }
      previous = attempt
      await uploadOne(session, localPath, remotePath, attempt, control)
    },
  )
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
    // Complete and closed: it arrived, whether it is still there or the gateway has taken it.
    if (attempt.written) return true
  } else if (attempt.renaming && left === undefined && (await size(remotePath)) !== undefined) {
    return true // the rename went through before the drop
  }
  if (left !== undefined) await session.remove(attempt.target)
  return false
}

/**
 * Uploads one file without ever replacing one already on the server, then compares the size on
 * the server with what was sent (an S3-backed server can keep a partial object). `direct` writes
 * the final name; `temp-rename` writes a hidden name and renames it once complete.
 */
async function uploadOne(
  session: SftpSession,
  localPath: string,
  remotePath: RemotePath,
  attempt: UploadAttempt,
  control: JobControl,
): Promise<void> {
  await refuseExisting(session, remotePath)
  const { target } = attempt
  let sent: number
  try {
    sent = await session.upload(localPath, target, {
      signal: control.signal,
      onProgress: (done, total) => control.progress(done, total),
    })
    control.verifying()
    const onServer = await session.stat(target)
    if (onServer.size !== sent) {
      throw new MailroomError(
        'verify-failed',
        `${JSON.stringify(remotePath)} on ${session.host} has ${onServer.size} bytes, but ${sent} were sent. Send it again.`,
      )
    }
    attempt.written = true
    if (target !== remotePath) {
      await refuseExisting(session, remotePath)
      attempt.renaming = true
      await session.renameIntoPlace(target, remotePath)
    }
  } catch (error) {
    // After a drop the next attempt, on the new connection, deals with what is left.
    if (toApiError(error).kind === 'connection-lost') throw error
    throw await removePartial(session, target, remotePath, error)
  }
}

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
  if (error.kind === 'already-exists') return cause
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
