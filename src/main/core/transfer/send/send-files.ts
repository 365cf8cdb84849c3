import { randomUUID } from 'node:crypto'
import type { ProfileId, TransferId } from '../../../../shared/domain'
import { encryptedName, type SentPgp } from '../../../../shared/pgp'
import type { UploadStrategy } from '../../../../shared/presets'
import { childPath, type RemotePath } from '../../../../shared/remote-path'
import { MailroomError } from '../../errors'
import { copyPathFor, type PlanFile } from './encrypted-copies'
import type { TransferQueue } from '../transfer-queue'
import { checkLocalFiles, type LocalFile } from './local-files'
import type { SendJournal } from './send-journal'
import { sendOne, type PlannedUpload, type SendContext } from './send-one'

export interface SendRequest {
  readonly queue: TransferQueue
  readonly context: SendContext
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
  readonly onSent?: (remotePath: RemotePath, transferId: TransferId, uploadId: string) => void
  /** The journal's records already made for these files (an AS2 message's, before its folder). */
  readonly planned?: readonly PlannedUpload[]
  /** The mailbox sends encrypted: each file as a copy, its name gaining `.pgp` or `.asc`. */
  readonly pgp?: SentPgp
}

export type { PlanFile } from './encrypted-copies'

/** What a batch queued: its transfers, and their records in the send journal. */
export interface SentBatch {
  readonly transferIds: TransferId[]
  readonly uploadIds: string[]
}

/**
 * Records the files as queued in the send journal (one commit), before anything of them is on
 * the server, so that a send killed before it reaches a file still knows the file was not sent.
 * They count as worked on here until the journal hears their batch ended.
 */
export async function planUploads(
  journal: SendJournal,
  profileId: ProfileId,
  folder: RemotePath,
  files: readonly PlanFile[],
  strategy: UploadStrategy,
  messageFolder?: RemotePath,
): Promise<PlannedUpload[]> {
  const planned: PlannedUpload[] = files.map(({ localPath, name, id, encrypted }) => ({
    id: id ?? randomUUID(),
    localPath,
    remotePath: childPath(folder, name),
    strategy,
    ...(encrypted ? { encrypted } : {}),
  }))
  journal.working(planned.map((upload) => upload.id))
  const at = Date.now()
  await Promise.all(
    planned.map((upload, index) =>
      journal.append({
        step: 'queued',
        id: upload.id,
        profileId,
        remotePath: upload.remotePath,
        localPath: upload.localPath,
        size: files[index]?.size ?? 0,
        strategy,
        ...(messageFolder === undefined ? {} : { messageFolder }),
        ...(upload.encrypted
          ? { sourcePath: upload.encrypted.sourcePath, pgp: upload.encrypted.pgp }
          : {}),
        at,
      }),
    ),
  ).catch(async (error: unknown) => {
    journal.settled(planned.map((upload) => upload.id))
    throw error
  })
  return planned
}

/** Queues one upload per local file into `remoteFolder`, with the profile's upload strategy. */
export async function sendFiles(request: SendRequest): Promise<SentBatch> {
  const local = await checkLocalFiles(request.localPaths, request.remoteNames)
  const files = request.pgp ? toEncrypt(request, local, request.pgp) : local
  const planned =
    request.planned ??
    (await planUploads(
      request.context.journal,
      request.profileId,
      request.remoteFolder,
      files,
      request.strategy,
    ))
  let previous: TransferId | undefined
  const transferIds = planned.map((upload, index) => {
    const id = request.queue.enqueue({
      profileId: request.profileId,
      direction: 'upload',
      name: files[index]?.name ?? upload.remotePath,
      remotePath: upload.remotePath,
      // The person's file, not the copy made of it in the data folder.
      localPath: upload.encrypted?.sourcePath ?? upload.localPath,
      totalBytes: files[index]?.size ?? 0,
      ...(request.sequential && previous ? { after: previous } : {}),
      ...(request.filesInFlight ? { filesInFlight: request.filesInFlight } : {}),
      run: async (control) => {
        await sendOne(request.context, upload, control)
        request.onSent?.(upload.remotePath, control.id, upload.id)
      },
    })
    previous = id
    return id
  })
  return { transferIds, uploadIds: planned.map((upload) => upload.id) }
}

/**
 * Each file as the encrypted copy it is sent as: the copy's path (made as its upload starts,
 * so a file that cannot be encrypted fails alone) and the name gaining `.pgp` or `.asc`.
 */
function toEncrypt(request: SendRequest, files: readonly LocalFile[], pgp: SentPgp): PlanFile[] {
  const { encryption } = request.context
  if (!encryption)
    throw new MailroomError('not-supported', 'OpenPGP keys are not available to this send.')
  return files.map((file) => {
    const id = randomUUID()
    const name = encryptedName(file.name, pgp.armored)
    return {
      id,
      name,
      size: file.size,
      localPath: copyPathFor(encryption, id, name),
      encrypted: { sourcePath: file.localPath, pgp },
    }
  })
}
