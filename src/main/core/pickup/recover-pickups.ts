import { stat } from 'node:fs/promises'
import { receiveSettingFor } from '../../../shared/pgp'
import { baseName, type RemotePath } from '../../../shared/remote-path'
import type { SftpSession } from '../sftp/sftp-session'
import { markFromInternet } from '../origin/mark-from-internet'
import {
  decryptAndSave,
  decryptionFor,
  plainLocalName,
  plainPartPath,
  saveDecrypted,
  type PickupDecryption,
} from './decrypt-on-pickup'
import { finishOnServer, type FinishContext } from './finish-on-server'
import type { FolderSync } from './folder-sync'
import { safeLocalName } from './local-file-name'
import type { PickupRecord } from './pickup-journal'
import { claimFinalName, findSavedCopy, partPath, removeQuietly, sha256Of } from './save-locally'

/** What recovering a profile's interrupted pickups needs. */
export interface RecoveryContext extends FinishContext {
  readonly profileId: string
  readonly folders: FolderSync
  /** The server the files come from, for the mark a verified part file may still lack. */
  readonly origin: { readonly host: string; readonly port: number; readonly username: string }
  readonly onUnmarked?: (folder: string) => void
  /** OpenPGP: a verified file of a mailbox that decrypts is decrypted here too. */
  readonly decryption?: PickupDecryption
}

/** The statuses an interrupted pickup can be left in, each with its own recovery. */
type UnfinishedStatus = Extract<
  PickupRecord['status'],
  'listed' | 'verified' | 'decrypted' | 'saved'
>

/**
 * After an interruption, one case per journal record a file can be left at: a file saved
 * locally (present, same SHA-256) is finished on the server; one only partly done is rolled
 * back (part file removed) so this pickup takes it again from the server. Nothing is deleted
 * on the server unless its local copy is present and complete. A new step of the pickup
 * chain adds its status here with its own case.
 */
const RECOVERY: Record<
  UnfinishedStatus,
  (context: RecoveryContext, session: SftpSession, record: PickupRecord) => Promise<void>
> = {
  // Interrupted before the download was complete: the server still has it; take it again.
  listed: async (context, _session, record) => {
    await removeQuietly(partPath(record.localFolder, record.id))
    await abandon(context, record, 'interrupted before it was complete; picked up again')
  },
  // Complete and checked; interrupted around giving it its final name, or while decrypting it
  // (a plaintext part without a `decrypted` record is incomplete: removed, decrypted again).
  verified: async (context, session, record) => {
    await removeQuietly(plainPartPath(record.localFolder, record.id))
    if (await decryptAgain(context, record)) {
      await finishOnServer(context, session, record)
      return
    }
    const saved = await adoptVerifiedCopy(context, record)
    if (!saved) {
      await abandon(context, record, 'its verified copy was not found; picked up again')
      return
    }
    await context.journal.append({
      step: 'saved',
      id: record.id,
      localPath: saved,
      sha256: record.sha256 ?? '',
      at: Date.now(),
    })
    await finishOnServer(context, session, record)
  },
  // Decrypted into its plain part (flushed, SHA-256 journaled); interrupted around naming it.
  // Without its plaintext, it goes back to its encrypted part, as after `verified`.
  decrypted: async (context, session, record) => {
    if (await adoptDecryptedCopy(context, record)) {
      await finishOnServer(context, session, record)
      return
    }
    await RECOVERY.verified(context, session, record)
  },
  // Saved under its final name; interrupted before the server's copy was dealt with.
  saved: async (context, session, record) => {
    await removeQuietly(partPath(record.localFolder, record.id))
    await removeQuietly(plainPartPath(record.localFolder, record.id))
    const present =
      record.localPath !== undefined &&
      (await sha256Of(record.localPath).catch(() => undefined)) === record.sha256
    if (present) await finishOnServer(context, session, record)
    else await abandon(context, record, 'the saved copy is no longer there; picked up again')
  },
}

/** Finishes or rolls back every file of the profile an earlier pickup left half done. */
export async function recoverPickups(
  context: RecoveryContext,
  session: SftpSession,
): Promise<number> {
  const unfinished = await context.journal.unfinished(context.profileId)
  for (const record of unfinished) {
    const recover = RECOVERY[record.status as UnfinishedStatus]
    await recover(context, session, record)
  }
  return unfinished.length
}

async function abandon(context: RecoveryContext, record: PickupRecord, reason: string) {
  await context.journal.append({ step: 'abandoned', id: record.id, reason, at: Date.now() })
}

/**
 * A verified file whose final name was not yet journaled: still in its part file (give it its
 * name now), already under a final name (found by name and its SHA-256), or both at once: a
 * process killed between claimFinalName's hard link and its removal of the part file leaves
 * the final name and the part as one file, which must not be given a second name.
 */
async function adoptVerifiedCopy(
  context: RecoveryContext,
  record: PickupRecord,
): Promise<string | undefined> {
  const { folders } = context
  const part = partPath(record.localFolder, record.id)
  const name = safeLocalName(baseName(record.remotePath as RemotePath))
  const inPart = await stat(part).catch(() => undefined)
  if (inPart) {
    const linked = await findSavedCopy(
      record.localFolder,
      name,
      async (found) => found.ino === inPart.ino,
    )
    if (linked) {
      await removeQuietly(part)
      await folders.sync(record.localFolder)
      return linked
    }
    if ((await sha256Of(part).catch(() => undefined)) === record.sha256) {
      // Interrupted before or after its mark: marked (again) before it gets its name.
      const marked = await markFromInternet(part, {
        ...context.origin,
        remotePath: record.remotePath,
      })
      if (marked === 'unsupported') context.onUnmarked?.(record.localFolder)
      const path = await claimFinalName(part, record.localFolder, name)
      await folders.sync(record.localFolder)
      return path
    }
  }
  await removeQuietly(part)
  return findSavedCopy(
    record.localFolder,
    name,
    async (found, candidate) =>
      found.size === record.size && (await sha256Of(candidate)) === record.sha256,
  )
}

/**
 * A verified encrypted part still there, unnamed and intact, in a mailbox that decrypts:
 * decrypted and saved now, as the pickup would have. False when it is not such a part (the
 * `verified` case's usual adoption then applies).
 */
async function decryptAgain(context: RecoveryContext, record: PickupRecord): Promise<boolean> {
  if (!context.decryption) return false
  const part = partPath(record.localFolder, record.id)
  const inPart = await stat(part).catch(() => undefined)
  if (!inPart) return false
  // Cheap checks first: the usual adoption hashes the part again if this declines it.
  const setting = await decryptionFor(context, record.remotePath, part)
  if (!setting) return false
  const name = safeLocalName(baseName(record.remotePath as RemotePath))
  if (await findSavedCopy(record.localFolder, name, async (found) => found.ino === inPart.ino))
    return false
  if ((await sha256Of(part).catch(() => undefined)) !== record.sha256) return false
  const marked = await markFromInternet(part, { ...context.origin, remotePath: record.remotePath })
  if (marked === 'unsupported') context.onUnmarked?.(record.localFolder)
  await decryptAndSave(context, record, setting)
  return true
}

/**
 * A decrypted file whose name was not yet journaled: its plain part still there with the
 * journaled SHA-256 (named now), already named (the same inode as the part, or found by name and
 * SHA-256), or gone (undefined: decrypt again). The encrypted original, when the mailbox keeps
 * it, is adopted as after `verified`; if it is gone, the decrypted file alone is saved.
 */
async function adoptDecryptedCopy(
  context: RecoveryContext,
  record: PickupRecord,
): Promise<string | undefined> {
  const { localFolder, id } = record
  const part = plainPartPath(localFolder, id)
  const name = plainLocalName(record.remotePath)
  const inPart = await stat(part).catch(() => undefined)
  let plainPath: string | undefined
  if (inPart) {
    plainPath = await findSavedCopy(localFolder, name, async (found) => found.ino === inPart.ino)
    if (plainPath) await removeQuietly(part)
    else if ((await sha256Of(part).catch(() => undefined)) !== record.plainSha256)
      await removeQuietly(part)
    else return saveAdopted(context, record, undefined)
  } else
    plainPath = await findSavedCopy(
      localFolder,
      name,
      async (_found, candidate) => (await sha256Of(candidate)) === record.plainSha256,
    )
  return plainPath === undefined ? undefined : saveAdopted(context, record, plainPath)
}

async function saveAdopted(
  context: RecoveryContext,
  record: PickupRecord,
  plainPath: string | undefined,
): Promise<string> {
  const keep = context.decryption
    ? receiveSettingFor(context.decryption.mailboxes, record.remotePath)?.keepEncrypted
    : undefined
  // The plaintext is safe: an encrypted copy not found is not a reason to take the file again.
  const encryptedPath = keep ? await adoptVerifiedCopy(context, record) : undefined
  return saveDecrypted(context, record, false, undefined, {
    ...(plainPath === undefined ? {} : { plainPath }),
    ...(encryptedPath === undefined ? {} : { encryptedPath }),
  })
}
