import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, type Stats } from 'node:fs'
import { link, mkdir, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { MailboxFile, ProfileId, TransferId } from '../../../shared/domain'
import { baseName, parentPath, type RemotePath } from '../../../shared/remote-path'
import { MailroomError, toApiError, translateLocalError } from '../errors'
import type { Logger } from '../logging/logger'
import { listMailboxFiles, MESSAGE_FOLDER } from '../mailbox/list-mailbox-files'
import { acrossDrops, type SessionSource } from '../sessions/across-drops'
import { PartialDownload, type SftpSession } from '../sftp/sftp-session'
import type { JobControl, TransferQueue } from '../transfer/transfer-queue'
import { FolderSync } from './folder-sync'
import { numberedName, safeLocalName } from './local-file-name'
import type { PickupJournal, PickupRecord } from './pickup-journal'

/** The boundaries between pickup steps, where tests inject faults. */
export type PickupStep = 'listed' | 'downloaded' | 'verified' | 'claimed' | 'saved' | 'finished'
export type PickupHooks = {
  readonly atStep?: (step: PickupStep, remotePath: RemotePath) => void | Promise<void>
}

export interface PickupRequest {
  readonly queue: TransferQueue
  /** The profile's session; after a drop, the one it reconnects to, so the batch carries on. */
  readonly sessions: SessionSource
  readonly profileId: ProfileId
  readonly journal: PickupJournal
  readonly logger: Logger
  /** The files the person selected, or everything in a receive mailbox ("Pick up all"). */
  readonly selection:
    | { readonly kind: 'files'; readonly paths: readonly RemotePath[] }
    | { readonly kind: 'mailbox'; readonly path: RemotePath }
  readonly localFolder: string
  /** Files younger than this may still be being written: they are left for the next pickup. */
  readonly minAgeMs: number
  /** Download but leave the server's copy (MFT Gateway's inbox, sent files, MDNs, read-only accounts). */
  readonly keepOnServer: boolean
  readonly hooks?: PickupHooks
  readonly now?: number
  /** Files at once on the connection, if fewer than the queue's budget (conservative mode: 1). */
  readonly filesInFlight?: number
}

export interface PickupStarted {
  readonly transferIds: TransferId[]
  /** Left alone because they were modified less than the threshold ago. */
  readonly tooYoung: number
  /** Kept on the server earlier and unchanged since: already picked up, not fetched again. */
  readonly alreadyPickedUp: number
  /** Earlier pickups that this one finished or rolled back first. */
  readonly recovered: number
}

/**
 * Pick up: list, download, verify, then delete. First finishes or rolls back whatever an earlier
 * run left half done (the journal says how far it got); then takes exactly the files listed now
 * that are old enough, and queues one transfer per file.
 */
export async function startPickup(request: PickupRequest): Promise<PickupStarted> {
  const { journal, selection, localFolder } = request
  await mkdir(localFolder, { recursive: true }).catch((error: unknown) => {
    throw translateLocalError(error, 'create the folder', localFolder)
  })
  const recovered = await acrossDrops(request.sessions, {}, (session) =>
    recoverPickups(request, session),
  )
  const listed = await acrossDrops(request.sessions, {}, (session) =>
    listSelection(session, selection),
  )
  const now = request.now ?? Date.now()
  const kept = new Set(
    (await journal.pickedUp(request.profileId)).map(
      (record) => `${record.remotePath}\u0000${record.size}\u0000${record.modifiedAt}`,
    ),
  )
  let tooYoung = 0
  let alreadyPickedUp = 0
  const transferIds: TransferId[] = []
  for (const file of listed) {
    if (now - file.modifiedAt < request.minAgeMs) {
      tooYoung += 1
      continue
    }
    if (kept.has(`${file.path}\u0000${file.size}\u0000${file.modifiedAt}`)) {
      alreadyPickedUp += 1
      continue
    }
    transferIds.push(
      request.queue.enqueue({
        profileId: request.profileId,
        direction: 'pickup',
        name: file.name,
        remotePath: file.path,
        localPath: join(localFolder, safeLocalName(file.name)),
        totalBytes: file.size,
        ...(request.filesInFlight ? { filesInFlight: request.filesInFlight } : {}),
        run: (control) => pickUpOne(request, file, control),
      }),
    )
  }
  return { transferIds, tooYoung, alreadyPickedUp, recovered }
}

/** The files a pickup takes: those in the mailbox now, or those selected (which must be files). */
async function listSelection(
  session: SftpSession,
  selection: PickupRequest['selection'],
): Promise<MailboxFile[]> {
  if (selection.kind === 'mailbox') return listMailboxFiles(session, selection.path, true)
  return Promise.all(
    selection.paths.map(async (path) => {
      const found = await session.stat(path)
      if (found.kind !== 'file')
        throw new MailroomError(
          'invalid-input',
          `${JSON.stringify(path)} is not a file; only files are picked up.`,
        )
      return {
        path,
        name: baseName(path),
        message: null,
        size: found.size,
        modifiedAt: found.modifiedAt,
      }
    }),
  )
}

/**
 * One file: journal "listed"; download to a hidden part file and fsync it; verify the local size
 * against the listing and a fresh stat of the remote file (size and time) against the listing;
 * journal "verified" with its SHA-256; give it its final name without replacing any file, fsync
 * the folder; journal "saved"; only then delete it on the server (or keep it) and journal that.
 */
async function pickUpOne(
  request: PickupRequest,
  file: MailboxFile,
  control: JobControl,
): Promise<void> {
  const id = randomUUID()
  request.journal.working(id)
  try {
    await pickUpOneFile(request, file, control, id)
  } finally {
    request.journal.settled(id)
  }
}

async function pickUpOneFile(
  request: PickupRequest,
  file: MailboxFile,
  control: JobControl,
  id: string,
): Promise<void> {
  const { journal, localFolder, hooks } = request
  const step = async (name: PickupStep) => hooks?.atStep?.(name, file.path)
  await journal.append({
    step: 'listed',
    id,
    profileId: request.profileId,
    remotePath: file.path,
    size: file.size,
    modifiedAt: file.modifiedAt,
    localFolder,
    at: Date.now(),
  })
  await step('listed')
  const part = partPath(localFolder, id)
  const acrossDropsControl = { signal: control.signal, onDrop: () => control.reconnecting() }
  let sha256: string
  try {
    // The download ends with a fresh look at the server's path (size and time) and the SHA-256
    // of what it received, hashed as it arrived. After a drop it resumes where it got to.
    const partial = new PartialDownload()
    const { received, host } = await acrossDrops(
      request.sessions,
      acrossDropsControl,
      async (session) => ({
        received: await session.download(
          file.path,
          part,
          { signal: control.signal, onProgress: (done, total) => control.progress(done, total) },
          file.size,
          partial,
        ),
        host: session.host,
      }),
    )
    await step('downloaded')
    control.verifying()
    const local = await stat(part)
    const now = received.after
    if (
      received.size !== file.size ||
      local.size !== file.size ||
      now.size !== file.size ||
      now.modifiedAt !== file.modifiedAt
    ) {
      const reason = `it changed while it was picked up (listed ${file.size} bytes, received ${received.size}, now ${now.size})`
      await journal.append({ step: 'abandoned', id, reason, at: Date.now() })
      throw new MailroomError(
        'verify-failed',
        `${JSON.stringify(file.path)} on ${host} was not deleted: ${reason}. Pick it up again.`,
      )
    }
    sha256 = received.sha256
    await journal.append({ step: 'verified', id, sha256, at: Date.now() })
    await step('verified')
  } catch (error) {
    await removeQuietly(part)
    throw error
  }
  const finalPath = await claimFinalName(part, localFolder, safeLocalName(file.name))
  await folders.sync(localFolder)
  await step('claimed')
  await journal.append({ step: 'saved', id, localPath: finalPath, sha256, at: Date.now() })
  await step('saved')
  await acrossDrops(
    request.sessions,
    { ...acrossDropsControl, onResume: () => control.verifying() },
    (session) =>
      finishOnServer(
        request,
        session,
        { id, remotePath: file.path, size: file.size, modifiedAt: file.modifiedAt },
        request.keepOnServer,
      ),
  )
  await step('finished')
}

/**
 * After an interruption: a file saved locally (present, same SHA-256) is finished on the server;
 * one only partly done is rolled back (part file removed) so this pickup takes it again from the
 * server. Nothing is deleted on the server unless its local copy is present and complete.
 */
async function recoverPickups(request: PickupRequest, session: SftpSession): Promise<number> {
  const unfinished = await request.journal.unfinished(request.profileId)
  for (const record of unfinished) {
    const part = partPath(record.localFolder, record.id)
    if (record.status === 'listed') {
      // Interrupted before the download was complete: the server still has it; take it again.
      await removeQuietly(part)
      await request.journal.append({
        step: 'abandoned',
        id: record.id,
        reason: 'interrupted before it was complete; picked up again',
        at: Date.now(),
      })
      continue
    }
    if (record.status === 'verified') {
      // Complete and checked; interrupted around giving it its final name.
      const saved = await adoptVerifiedCopy(record, part)
      if (!saved) {
        await request.journal.append({
          step: 'abandoned',
          id: record.id,
          reason: 'its verified copy was not found; picked up again',
          at: Date.now(),
        })
        continue
      }
      await request.journal.append({
        step: 'saved',
        id: record.id,
        localPath: saved,
        sha256: record.sha256 ?? '',
        at: Date.now(),
      })
      await finishOnServer(request, session, record, request.keepOnServer)
      continue
    }
    await removeQuietly(part)
    const present =
      record.localPath !== undefined &&
      (await sha256Of(record.localPath).catch(() => undefined)) === record.sha256
    if (present) await finishOnServer(request, session, record, request.keepOnServer)
    else
      await request.journal.append({
        step: 'abandoned',
        id: record.id,
        reason: 'the saved copy is no longer there; picked up again',
        at: Date.now(),
      })
  }
  return unfinished.length
}

/**
 * A verified file whose final name was not yet journaled: still in its part file (give it its
 * name now), already under a final name (found by name and its SHA-256), or both at once: a
 * process killed between claimFinalName's hard link and its removal of the part file leaves
 * the final name and the part as one file, which must not be given a second name.
 */
async function adoptVerifiedCopy(record: PickupRecord, part: string): Promise<string | undefined> {
  const name = safeLocalName(baseName(record.remotePath as RemotePath))
  const inPart = await stat(part).catch(() => undefined)
  if (inPart) {
    const linked = await findSavedCopy(record, name, async (found) => found.ino === inPart.ino)
    if (linked) {
      await removeQuietly(part)
      await folders.sync(record.localFolder)
      return linked
    }
    if ((await sha256Of(part).catch(() => undefined)) === record.sha256) {
      const path = await claimFinalName(part, record.localFolder, name)
      await folders.sync(record.localFolder)
      return path
    }
  }
  await removeQuietly(part)
  return findSavedCopy(
    record,
    name,
    async (found, candidate) =>
      found.size === record.size && (await sha256Of(candidate)) === record.sha256,
  )
}

/** The first of "name", "name (1)"… in the record's folder that `matches`, up to a free one. */
async function findSavedCopy(
  record: PickupRecord,
  name: string,
  matches: (found: Stats, candidate: string) => Promise<boolean>,
): Promise<string | undefined> {
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const candidate = join(record.localFolder, attempt === 0 ? name : numberedName(name, attempt))
    const found = await stat(candidate).catch(() => undefined)
    if (!found) return undefined
    if (await matches(found, candidate)) return candidate
  }
  return undefined
}

/** Deletes the server's copy (only if it is still the file that was listed), or keeps it; journals which. */
async function finishOnServer(
  request: PickupRequest,
  session: SftpSession,
  record: Pick<PickupRecord, 'id' | 'remotePath' | 'size' | 'modifiedAt'>,
  keep: boolean,
): Promise<void> {
  const { journal } = request
  const path = record.remotePath as RemotePath
  if (keep) {
    await journal.append({
      step: 'kept',
      id: record.id,
      reason: 'kept on the server as chosen',
      at: Date.now(),
    })
    return
  }
  const now = await session.stat(path).catch((error: unknown) => {
    if (toApiError(error).kind === 'not-found') return undefined
    throw error
  })
  if (!now) {
    await journal.append({ step: 'deleted', id: record.id, at: Date.now() })
    return
  }
  if (now.size !== record.size || now.modifiedAt !== record.modifiedAt) {
    await journal.append({
      step: 'kept',
      id: record.id,
      reason: 'a different file now has this name on the server',
      at: Date.now(),
    })
    return
  }
  try {
    await session.remove(path)
  } catch (error) {
    const apiError = toApiError(error)
    if (apiError.kind !== 'permission-denied') throw error
    await journal.append({
      step: 'kept',
      id: record.id,
      reason: 'the server refused the delete',
      at: Date.now(),
    })
    throw new MailroomError(
      'permission-denied',
      `${JSON.stringify(path)} was saved, but ${session.host} refused to delete it: it stays on the server, and is marked as picked up.`,
    )
  }
  await journal.append({ step: 'deleted', id: record.id, at: Date.now() })
  const folder = parentPath(path)
  if (MESSAGE_FOLDER.test(baseName(folder))) {
    // Never recursive: a folder that still holds a file (a younger one, say) stays.
    await session.rmdir(folder).catch((error: unknown) =>
      request.logger.info('Message folder not removed', {
        folder,
        reason: toApiError(error).message,
      }),
    )
  }
}

/**
 * Flushes a pickup folder's entries after a file got its final name there, so a crash right
 * after the delete cannot lose it: one flush for all the files that got their names meanwhile,
 * shared by every pickup into the same folder.
 */
const folders = new FolderSync()

function partPath(folder: string, id: string): string {
  return join(folder, `.mailroom-${id}.part`)
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * Gives the part file the first free name of "name", "name (1)", "name (2)"…: a hard link fails
 * if the name exists, so an earlier file is never replaced, even in a race with another program.
 */
async function claimFinalName(part: string, folder: string, name: string): Promise<string> {
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const candidate = join(folder, attempt === 0 ? name : numberedName(name, attempt))
    try {
      await link(part, candidate)
      await unlink(part)
      return candidate
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'EEXIST') continue
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        // File systems without hard links (FAT, some network shares): check, then rename.
        if (
          await stat(candidate).then(
            () => true,
            () => false,
          )
        )
          continue
        await rename(part, candidate).catch((renameError: unknown) => {
          throw translateLocalError(renameError, 'save', candidate)
        })
        return candidate
      }
      throw translateLocalError(error, 'save', candidate)
    }
  }
  throw new MailroomError('local-io', `Too many files named like ${name} in ${folder}.`)
}

/** Removes a part file that may or may not exist; any other failure is reported. */
async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'ENOENT')
      throw translateLocalError(error, 'remove', path)
  })
}
