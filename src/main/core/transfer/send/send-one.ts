import { stat } from 'node:fs/promises'
import type { TemporaryFolder, UploadStrategy } from '../../../../shared/presets'
import type { RemotePath } from '../../../../shared/remote-path'
import { MailroomError, toApiError, translateLocalError } from '../../errors'
import { acrossDrops, type SessionSource } from '../../sessions/across-drops'
import type { RemoteStat, SftpSession } from '../../sftp/sftp-session'
import { uploadFile } from '../engine/upload-file'
import type { JobControl } from '../transfer-queue'
import {
  makeEncryptedCopy,
  removeCopy,
  type EncryptedSource,
  type SendEncryption,
} from './encrypted-copies'
import type { SendJournal } from './send-journal'
import {
  finishedBeforeDrop,
  refuseExisting,
  removePartial,
  temporaryNameFor,
  type UploadAttempt,
} from './upload-attempt'

/** The boundaries between send steps, where tests inject faults (a kill). */
export type SendStep =
  'encrypting' | 'encrypted' | 'started' | 'uploading' | 'uploaded' | 'written' | 'renamed' | 'sent'
export interface SendHooks {
  /**
   * Awaited at each boundary, but `uploading` and `encrypting`: told once half the file is
   * written (never for a file of one write), or half the original read, while the work goes on.
   */
  readonly atStep?: (step: SendStep, remotePath: RemotePath) => void | Promise<void>
}

/** One upload as the send journal has it queued. */
export interface PlannedUpload {
  /** Its record in the send journal. */
  readonly id: string
  readonly localPath: string
  readonly remotePath: RemotePath
  readonly strategy: UploadStrategy
  /**
   * Sent encrypted (OpenPGP): `localPath` is the copy in the data folder, made from `sourcePath`
   * as the upload starts, or again whenever it is gone (a Retry, after recovery).
   */
  readonly encrypted?: EncryptedSource
}

/** What every upload of a batch shares. */
export interface SendContext {
  /** The profile's session; after a drop, the one it reconnects to, so the batch carries on. */
  readonly sessions: SessionSource
  readonly journal: SendJournal
  /** Where a `temp-rename` upload's temporary file goes (the gateway's preset says). */
  readonly temporaryFolder: TemporaryFolder
  /**
   * Called as an upload starts (again, on Retry): holds the profile's send lock and keeps
   * recovery off the upload until the returned function is called, or fails when another
   * process is sending for the profile.
   */
  readonly enter?: (uploadId: string) => () => void
  readonly hooks?: SendHooks
  /** The keys and the copies' folder, for uploads sent encrypted. */
  readonly encryption?: SendEncryption
}

/**
 * One file sent, step by step as the gateways' guides ask: make sure nothing of that name is
 * there (nothing is ever replaced), upload (to the final name, or a hidden temporary one), check
 * the size on the server against what was sent (an S3-backed server can keep a partial object),
 * then rename it into place. Each step is committed to the send journal before the step that
 * depends on it (the temporary name before a byte is written there; "written" before the rename
 * is sent), so recover-sends.ts knows what a killed send left. A dropped connection is carried
 * over: the gateway cannot append (S3 behind it), so each attempt starts from zero, after
 * removing what the attempt before left, unless that attempt had in fact finished (the file
 * complete under its final name, or taken by the gateway).
 */
export async function sendOne(
  context: SendContext,
  upload: PlannedUpload,
  control: JobControl,
): Promise<void> {
  const leave = context.enter?.(upload.id)
  try {
    if (upload.encrypted) await encryptStep(context, upload, upload.encrypted, control)
    await sendSteps(context, upload, control)
  } finally {
    // Sent, failed or left for recovery: a copy is made again from the original if needed, and
    // an encrypted copy of a partner's file is not left lying in the data folder meanwhile.
    if (upload.encrypted && context.encryption)
      await removeCopy(context.encryption, upload.id).catch(() => undefined)
    leave?.()
  }
}

/**
 * The encrypted copy made (streamed from the original, flushed, named) and its size journaled
 * before a byte goes to the server; a file that cannot be encrypted (a key refused, a
 * passphrase not remembered) fails here with nothing of it on the server.
 */
async function encryptStep(
  context: SendContext,
  upload: PlannedUpload,
  encrypted: NonNullable<PlannedUpload['encrypted']>,
  control: JobControl,
): Promise<void> {
  const { journal } = context
  const { id, remotePath } = upload
  try {
    if (!context.encryption)
      throw new MailroomError('not-supported', 'OpenPGP keys are not available to this send.')
    const sourceSize = await localSize(encrypted.sourcePath)
    control.working('encrypting', 0, sourceSize)
    let toldHalfWay = false
    const size = await makeEncryptedCopy(
      context.encryption,
      { id, localPath: upload.localPath, ...encrypted },
      {
        signal: control.signal,
        onRead: (read) => {
          control.working('encrypting', read, sourceSize)
          if (toldHalfWay || read < sourceSize / 2) return
          toldHalfWay = true
          void context.hooks?.atStep?.('encrypting', remotePath)
        },
      },
    )
    await journal.append({ step: 'encrypted', id, size, at: Date.now() })
    await context.hooks?.atStep?.('encrypted', remotePath)
  } catch (error) {
    // Nothing of it went to the server in this attempt; one before it (a Retry) may have left
    // something, which recovery deals with from the record as it stands.
    if (journal.byId(id)?.status === 'queued')
      await journal
        .append({ step: 'failed', id, outcome: toApiError(error).message, at: Date.now() })
        .catch(() => undefined)
    throw error
  }
}

async function sendSteps(
  context: SendContext,
  upload: PlannedUpload,
  control: JobControl,
): Promise<void> {
  const { journal } = context
  const { id, remotePath } = upload
  let previous: UploadAttempt | undefined
  // Something of this upload may be on the server: if the send ends here, recovery deals with it.
  let mayHaveLeft = false
  const atStep = async (step: SendStep) => context.hooks?.atStep?.(step, remotePath)
  try {
    await acrossDrops(
      context.sessions,
      { signal: control.signal, onDrop: () => control.reconnecting() },
      async (session) => {
        if (previous) {
          if (await finishedBeforeDrop(session, previous, remotePath)) {
            await journal.append({ step: 'sent', id, at: Date.now() }).catch(() => undefined)
            mayHaveLeft = false
            return
          }
          mayHaveLeft = false // finishedBeforeDrop removed what it left
        }
        // Outside the clean-up below: until this passes, nothing at either name is ours, and a
        // drop during it leaves nothing for the next attempt to remove.
        await refuseExisting(session, remotePath)
        const attempt: UploadAttempt = {
          target:
            upload.strategy === 'direct'
              ? remotePath
              : temporaryNameFor(remotePath, context.temporaryFolder),
          written: false,
          renaming: false,
        }
        const size = await localSize(upload.localPath)
        await journal.append({
          step: 'started',
          id,
          size,
          ...(attempt.target === remotePath ? {} : { temporaryPath: attempt.target }),
          at: Date.now(),
        })
        previous = attempt
        mayHaveLeft = true
        await atStep('started')
        try {
          const sent = await uploadBytes(session, upload.localPath, attempt, control, size, () =>
            context.hooks?.atStep?.('uploading', remotePath),
          )
          await atStep('uploaded')
          const onServer = await verifySize(session, attempt, remotePath, sent, control)
          if (attempt.target !== remotePath) {
            await journal.append({
              step: 'written',
              id,
              size: sent,
              serverModifiedAt: onServer.modifiedAt,
              at: Date.now(),
            })
            await atStep('written')
            await renameIntoPlace(session, attempt, remotePath)
            await atStep('renamed')
          }
          // The file is on the server whole: a journal that cannot take that now (a full disk
          // here) does not make it unsent. Its record stays started or written, and the next
          // connection finds the whole file under its name and counts it as sent.
          await journal.append({ step: 'sent', id, at: Date.now() }).catch(() => undefined)
          mayHaveLeft = false
          await atStep('sent')
        } catch (error) {
          // After a drop the next attempt, on the new connection, deals with what is left.
          if (toApiError(error).kind === 'connection-lost') throw error
          const cleaned = await removePartial(session, attempt.target, remotePath, error)
          if (cleaned.removed) mayHaveLeft = false
          throw cleaned.error
        }
      },
    )
  } catch (error) {
    if (!mayHaveLeft) {
      // Nothing of it is on the server: it ends here. (A journal that cannot take this either
      // leaves the record unfinished, and recovery finds nothing to remove.)
      await journal
        .append({ step: 'failed', id, outcome: toApiError(error).message, at: Date.now() })
        .catch(() => undefined)
    }
    throw error
  }
}

async function localSize(localPath: string): Promise<number> {
  const info = await stat(localPath).catch((error: unknown) => {
    throw translateLocalError(error, 'read', localPath)
  })
  return info.size
}

async function uploadBytes(
  session: SftpSession,
  localPath: string,
  attempt: UploadAttempt,
  control: JobControl,
  size: number,
  halfWay: () => void,
): Promise<number> {
  let toldHalfWay = false
  const sent = await uploadFile(session, localPath, attempt.target, {
    signal: control.signal,
    onProgress: (done, total) => {
      control.progress(done, total)
      if (!toldHalfWay && done >= size / 2 && done < total) {
        toldHalfWay = true
        halfWay()
      }
    },
  })
  // Every write was answered and the handle closed: a drop from here on (during the size check)
  // must not have a complete file removed and sent again, which a gateway that took it would
  // deliver twice.
  attempt.written = true
  attempt.sentBytes = sent
  return sent
}

/** The size on the server against what was sent; the file as the server has it. */
async function verifySize(
  session: SftpSession,
  attempt: UploadAttempt,
  remotePath: RemotePath,
  sent: number,
  control: JobControl,
): Promise<RemoteStat> {
  control.verifying()
  const onServer = await session.stat(attempt.target)
  if (onServer.size !== sent) {
    throw new MailroomError(
      'verify-failed',
      `${JSON.stringify(remotePath)} on ${session.host} has ${onServer.size} bytes, but ${sent} were sent. Send it again.`,
    )
  }
  return onServer
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
