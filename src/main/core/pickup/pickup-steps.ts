import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import type { MailboxFile, ProfileId } from '../../../shared/domain'
import type { RemotePath } from '../../../shared/remote-path'
import { MailroomError, toApiError } from '../errors'
import { acrossDrops, type SessionSource } from '../sessions/across-drops'
import { markFromInternet } from '../origin/mark-from-internet'
import type { RemoteStat } from '../sftp/sftp-session'
import { downloadFile } from '../transfer/engine/download-file'
import { PartialDownload } from '../transfer/engine/in-order-writer'
import type { JobControl } from '../transfer/transfer-queue'
import { decryptAndSave, decryptionFor, type PickupDecryption } from './decrypt-on-pickup'
import type { DetachedSignatures } from './detached-signatures'
import { finishOnServer, type FinishContext } from './finish-on-server'
import type { FolderSync } from './folder-sync'
import { safeLocalName } from './local-file-name'
import { claimFinalName, partPath, removeQuietly } from './save-locally'

/** The boundaries between pickup steps, where tests inject faults. */
export type PickupStep =
  | 'listed'
  | 'downloaded'
  | 'verified'
  | 'decrypting'
  | 'decrypted'
  | 'claimed'
  | 'saved'
  | 'finished'
export type PickupHooks = {
  readonly atStep?: (step: PickupStep, remotePath: RemotePath) => void | Promise<void>
}

/** What every file of one pickup shares. */
export interface PickupContext extends FinishContext {
  readonly profileId: ProfileId
  /** The profile's session; after a drop, the one it reconnects to, so the batch carries on. */
  readonly sessions: SessionSource
  readonly localFolder: string
  readonly folders: FolderSync
  /** The server the files come from, for the mark that says so on each saved file. */
  readonly origin: { readonly host: string; readonly port: number; readonly username: string }
  /** Told when a saved file could not be marked: its folder's file system holds no such mark. */
  readonly onUnmarked?: (folder: string) => void
  /** OpenPGP: the keyring and the receive mailboxes that decrypt; none, nothing is decrypted. */
  readonly decryption?: PickupDecryption
  readonly hooks?: PickupHooks
}

/** One file's bytes on this machine, in a hidden part file, and their SHA-256. */
interface Downloaded {
  readonly part: string
  readonly size: number
  readonly sha256: string
  readonly host: string
  /** The server's file right after the reads. */
  readonly after: RemoteStat
}

/**
 * One file picked up, step by step as the gateways' guides ask: listed, downloaded, verified,
 * marked as from the internet, saved under its final name, then finished on the server
 * (deleted, or kept). Each step is
 * committed to the journal before the next runs, so recover-pickups.ts knows how far it got.
 * An OpenPGP message in a mailbox that decrypts is decrypted between verify and save, with its
 * own record (`decrypted`) and recovery case (decrypt-on-pickup.ts).
 */
export async function pickUpOne(
  context: PickupContext,
  file: MailboxFile,
  control: JobControl,
  detached?: DetachedSignatures,
): Promise<void> {
  const id = randomUUID()
  context.journal.working(id)
  let savedAs: string | undefined
  let decrypted = false
  try {
    await recordListed(context, file, id)
    const downloaded = await download(context, file, id, control)
    try {
      await verify(context, file, id, downloaded, control)
    } catch (error) {
      await removeQuietly(downloaded.part)
      throw error
    }
    await markAsFromInternet(context, file, downloaded)
    const setting = await decryptionFor(context, file.path, downloaded.part)
    if (setting) {
      decrypted = true
      control.working('decrypting', 0, file.size)
      await decryptAndSave(
        context,
        { id, remotePath: file.path, localFolder: context.localFolder, sha256: downloaded.sha256 },
        setting,
        {
          atStep: (step) => atStep(context, step, file),
          signal: control.signal,
          onRead: (read) => control.working('decrypting', read, file.size),
        },
      )
      // Then on to the server, as for any file.
      control.verifying()
      await atStep(context, 'saved', file)
    } else savedAs = await save(context, file, id, downloaded)
    await finish(context, file, id, control)
  } finally {
    // Saved as it came, it may be a signed file or a detached signature, whatever the server did.
    await detached?.fileSettled(
      file.path,
      savedAs === undefined ? { saved: false, decrypted } : { saved: true, id, localPath: savedAs },
    )
    context.journal.settled(id)
  }
}

async function atStep(context: PickupContext, step: PickupStep, file: MailboxFile) {
  await context.hooks?.atStep?.(step, file.path)
}

async function recordListed(context: PickupContext, file: MailboxFile, id: string) {
  await context.journal.append({
    step: 'listed',
    id,
    profileId: context.profileId,
    remotePath: file.path,
    size: file.size,
    modifiedAt: file.modifiedAt,
    localFolder: context.localFolder,
    at: Date.now(),
  })
  await atStep(context, 'listed', file)
}

/**
 * Downloads to a hidden part file, flushed to disk, hashed as it arrives, with a fresh look at
 * the server's file right behind the reads. After a drop it resumes where it got to.
 */
async function download(
  context: PickupContext,
  file: MailboxFile,
  id: string,
  control: JobControl,
): Promise<Downloaded> {
  const part = partPath(context.localFolder, id)
  const partial = new PartialDownload()
  try {
    const downloaded = await acrossDrops(
      context.sessions,
      { signal: control.signal, onDrop: () => control.reconnecting() },
      async (session) => {
        const received = await downloadFile(session, file.path, part, {
          signal: control.signal,
          onProgress: (done, total) => control.progress(done, total),
          listedSize: file.size,
          partial,
          logger: context.logger,
        })
        return { part, ...received, host: session.host }
      },
    )
    await atStep(context, 'downloaded', file)
    return downloaded
  } catch (error) {
    await removeQuietly(part)
    if (toApiError(error).kind === 'verify-failed' && error instanceof MailroomError)
      throw new MailroomError(
        'verify-failed',
        `${error.message} Nothing was deleted; pick it up again.`,
        error.detail,
        { cause: error },
      )
    throw error
  }
}

/**
 * The local copy against the listing, and the server's file after the reads against the
 * listing (size and time): a file that changed is left on the server for the next pickup.
 */
async function verify(
  context: PickupContext,
  file: MailboxFile,
  id: string,
  downloaded: Downloaded,
  control: JobControl,
) {
  control.verifying()
  const local = await stat(downloaded.part)
  const now = downloaded.after
  if (
    downloaded.size !== file.size ||
    local.size !== file.size ||
    now.size !== file.size ||
    now.modifiedAt !== file.modifiedAt
  ) {
    const reason = `it changed while it was picked up (listed ${file.size} bytes, received ${downloaded.size}, now ${now.size})`
    await context.journal.append({ step: 'abandoned', id, reason, at: Date.now() })
    throw new MailroomError(
      'verify-failed',
      `${JSON.stringify(file.path)} on ${downloaded.host} was not deleted: ${reason}. Pick it up again.`,
    )
  }
  await context.journal.append({ step: 'verified', id, sha256: downloaded.sha256, at: Date.now() })
  await atStep(context, 'verified', file)
}

/**
 * Marks the verified part file as from the internet (the OS's mark: Zone.Identifier, quarantine,
 * xdg origin), so its final name carries the mark from the moment it appears.
 */
async function markAsFromInternet(context: PickupContext, file: MailboxFile, saved: Downloaded) {
  const marked = await markFromInternet(saved.part, { ...context.origin, remotePath: file.path })
  if (marked === 'unsupported') context.onUnmarked?.(context.localFolder)
}

/**
 * Gives the part file its final name without replacing any file (`invoice (1).pdf`), flushes
 * the folder so the name survives a crash, and journals where it is: only then may the
 * server's copy go.
 */
async function save(
  context: PickupContext,
  file: MailboxFile,
  id: string,
  saved: Downloaded,
): Promise<string> {
  const finalPath = await claimFinalName(saved.part, context.localFolder, safeLocalName(file.name))
  await context.folders.sync(context.localFolder)
  await atStep(context, 'claimed', file)
  await context.journal.append({
    step: 'saved',
    id,
    localPath: finalPath,
    sha256: saved.sha256,
    at: Date.now(),
  })
  await atStep(context, 'saved', file)
  return finalPath
}

async function finish(context: PickupContext, file: MailboxFile, id: string, control: JobControl) {
  await acrossDrops(
    context.sessions,
    {
      signal: control.signal,
      onDrop: () => control.reconnecting(),
      onResume: () => control.verifying(),
    },
    (session) =>
      finishOnServer(context, session, {
        id,
        remotePath: file.path,
        size: file.size,
        modifiedAt: file.modifiedAt,
      }),
  )
  await atStep(context, 'finished', file)
}
