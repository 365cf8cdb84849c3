import type { Profile, ProfileId, TransferId } from '../../../../shared/domain'
import { PRESETS } from '../../../../shared/presets'
import { baseName, type RemotePath } from '../../../../shared/remote-path'
import { checkMessageLimits, createMessageFolder, messageLimitsOf } from '../../mailbox/as2-message'
import type { SessionManager } from '../../sessions/session-manager'
import { filesInFlightFor } from '../engine/transfer-budget'
import type { SentLog } from '../sent-log'
import type { TransferQueue } from '../transfer-queue'
import { resolveUploadStrategy } from '../upload-strategy'
import { watchTaken } from '../watch-taken'
import { checkLocalFiles } from './local-files'
import { sendFiles } from './send-files'

export interface MailboxSendDeps {
  readonly queue: TransferQueue
  readonly sessions: SessionManager
  readonly sentLog: SentLog
}

/** Files dropped on a send mailbox, as the person asked them to travel. */
export interface MailboxSend {
  readonly profileId: ProfileId
  readonly remoteFolder: RemotePath
  readonly localPaths: readonly string[]
  /** Names on the server instead of the local ones (a suffix against duplicates). */
  readonly remoteNames?: readonly string[]
  /** All of them as one message (AS2 Gateway: a new folder in the outbox). */
  readonly asMessage?: boolean
}

/**
 * Sending by the gateway's rules: each file with the profile's upload strategy, or several as
 * one message where the gateway takes that (its limits checked before anything is uploaded);
 * then each sent name recorded (for the duplicate rule) and, where the gateway takes what lands
 * in a send mailbox, watched until it has gone.
 */
export async function sendToMailbox(
  deps: MailboxSendDeps,
  profile: Profile,
  request: MailboxSend,
): Promise<TransferId[]> {
  const { queue, sessions, sentLog } = deps
  const { profileId, remoteFolder, localPaths, remoteNames } = request
  const preset = PRESETS[profile.preset]
  const session = await sessions.current(profileId)
  const common = {
    queue,
    sessions: sessions.sourceFor(profileId),
    profileId,
    filesInFlight: filesInFlightFor(profile, session.limits),
    localPaths,
    ...(remoteNames ? { remoteNames } : {}),
    onSent: (path: RemotePath, id: TransferId) => {
      sentLog.record(profileId, remoteFolder, baseName(path))
      const now = sessions.sessionIfOpen(profileId)
      if (preset.takesSentFiles && now) watchTaken(now, path, id, (taken) => queue.markTaken(taken))
    },
  }
  if (!request.asMessage)
    return sendFiles({ ...common, remoteFolder, strategy: resolveUploadStrategy(profile) })
  const limits = messageLimitsOf(preset)
  checkMessageLimits(await checkLocalFiles(localPaths, remoteNames), limits, preset.label)
  const folder = await createMessageFolder(session, remoteFolder)
  // Inside a message folder files go straight to their names: the gateway waits two minutes
  // after the last upload, and they are sent back to back so no gap comes near that.
  return sendFiles({ ...common, remoteFolder: folder, strategy: 'direct', sequential: true })
}
