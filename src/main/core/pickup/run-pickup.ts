import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { MailboxFile, TransferId } from '../../../shared/domain'
import { baseName, type RemotePath } from '../../../shared/remote-path'
import { MailroomError, translateLocalError } from '../errors'
import { listMailboxFiles } from '../mailbox/list-mailbox-files'
import { acrossDrops } from '../sessions/across-drops'
import type { SftpSession } from '../sftp/sftp-session'
import type { TransferQueue } from '../transfer/transfer-queue'
import { DetachedSignatures } from './detached-signatures'
import { safeLocalName } from './local-file-name'
import { recoverPickups } from './recover-pickups'
import { pickUpOne, type PickupContext } from './pickup-steps'

export type { PickupHooks, PickupStep } from './pickup-steps'

export interface PickupRequest extends PickupContext {
  readonly queue: TransferQueue
  /** The files the person selected, or everything in a receive mailbox ("Pick up all"). */
  readonly selection:
    | { readonly kind: 'files'; readonly paths: readonly RemotePath[] }
    | { readonly kind: 'mailbox'; readonly path: RemotePath }
  /** Files younger than this may still be being written: they are left for the next pickup. */
  readonly minAgeMs: number
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
  const taken: MailboxFile[] = []
  for (const file of listed) {
    if (now - file.modifiedAt < request.minAgeMs) {
      tooYoung += 1
      continue
    }
    if (kept.has(`${file.path}\u0000${file.size}\u0000${file.modifiedAt}`)) {
      alreadyPickedUp += 1
      continue
    }
    taken.push(file)
  }
  // Files and their detached signatures are paired among what this pickup takes.
  const detached = new DetachedSignatures(taken, request.decryption, journal)
  const transferIds: TransferId[] = []
  for (const file of taken) {
    transferIds.push(
      request.queue.enqueue({
        profileId: request.profileId,
        direction: 'pickup',
        name: file.name,
        remotePath: file.path,
        localPath: join(localFolder, safeLocalName(file.name)),
        totalBytes: file.size,
        ...(request.filesInFlight ? { filesInFlight: request.filesInFlight } : {}),
        run: (control) => pickUpOne(request, file, control, detached),
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
