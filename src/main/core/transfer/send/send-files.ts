import type { ProfileId, TransferId } from '../../../../shared/domain'
import type { UploadStrategy } from '../../../../shared/presets'
import { childPath, type RemotePath } from '../../../../shared/remote-path'
import type { SessionSource } from '../../sessions/across-drops'
import type { TransferQueue } from '../transfer-queue'
import { checkLocalFiles } from './local-files'
import { sendOne } from './send-one'

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
        await sendOne(request.sessions, localPath, remotePath, request.strategy, control)
        request.onSent?.(remotePath, control.id)
      },
    })
    previous = id
    return id
  })
}
