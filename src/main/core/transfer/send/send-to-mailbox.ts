import type { Profile, ProfileId, TransferId } from '../../../../shared/domain'
import { PRESETS } from '../../../../shared/presets'
import { baseName, type RemotePath } from '../../../../shared/remote-path'
import type { ProfileRuns } from '../../locks/profile-runs'
import { checkMessageLimits, createMessageFolder, messageLimitsOf } from '../../mailbox/as2-message'
import type { SessionManager } from '../../sessions/session-manager'
import { filesInFlightFor } from '../engine/transfer-budget'
import type { SentLog } from '../sent-log'
import type { TransferQueue } from '../transfer-queue'
import { resolveUploadStrategy } from '../upload-strategy'
import { watchTaken } from '../watch-taken'
import { checkLocalFiles } from './local-files'
import { planUploads, sendFiles, type SentBatch } from './send-files'
import type { SendJournal } from './send-journal'
import type { PlannedUpload, SendContext, SendHooks } from './send-one'

export interface MailboxSendDeps {
  readonly queue: TransferQueue
  readonly sessions: SessionManager
  readonly sentLog: SentLog
  readonly journal: SendJournal
  /** The profiles' send runs, each holding the send lock shared with the `mailroom` command. */
  readonly runs: ProfileRuns
  /** Who is sending, as the lock's owner says to another Mailroom: the app, or the command. */
  readonly by: string
  /** Deals with what an earlier, interrupted send of the profile left, before anything is sent. */
  readonly recoverFirst?: (profileId: ProfileId) => Promise<unknown>
  readonly hooks?: SendHooks
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
 * Sending by the gateway's rules, as a batch of the profile's send run (its lock kept until the
 * batch's transfers have finished): first whatever an interrupted send left is dealt with; then
 * each file goes with the profile's upload strategy, or several as one message where the gateway
 * takes that (its limits checked before anything is uploaded); each sent name is recorded (for
 * the duplicate rule) and, where the gateway takes what lands in a send mailbox, watched until
 * it has gone.
 */
export async function sendToMailbox(
  deps: MailboxSendDeps,
  profile: Profile,
  request: MailboxSend,
): Promise<TransferId[]> {
  let uploadIds: readonly string[] = []
  const started = await deps.runs.batch(
    request.profileId,
    deps.by,
    async () => {
      await deps.recoverFirst?.(request.profileId)
      const batch = await startSend(deps, profile, request)
      uploadIds = batch.uploadIds
      return batch
    },
    async (transferIds) => {
      await deps.queue.whenFinished(transferIds)
      await deps.journal.batchEnded(uploadIds)
    },
  )
  return started.transferIds
}

/**
 * How the profile's uploads are journaled, locked and carried over drops: shared by sending,
 * completing an interrupted AS2 message and sending a recovered file again.
 */
export function sendContextFor(
  deps: Pick<MailboxSendDeps, 'sessions' | 'journal' | 'runs' | 'by' | 'hooks'>,
  profile: Pick<Profile, 'id' | 'preset'>,
): SendContext {
  return {
    sessions: deps.sessions.sourceFor(profile.id),
    journal: deps.journal,
    temporaryFolder: PRESETS[profile.preset].temporaryFolder,
    enter: (uploadId) => {
      const run = deps.runs.hold(profile.id, deps.by)
      deps.journal.working([uploadId])
      return () => {
        deps.journal.settled([uploadId])
        run.end()
      }
    },
    ...(deps.hooks ? { hooks: deps.hooks } : {}),
  }
}

/**
 * Records each file sent to `mailbox` (for the duplicate rule), and watches it go where the
 * gateway takes what is sent.
 */
export function onSentFor(
  deps: Pick<MailboxSendDeps, 'queue' | 'sessions' | 'sentLog' | 'journal'>,
  profile: Pick<Profile, 'id' | 'preset'>,
  mailbox: RemotePath,
) {
  return (path: RemotePath, id: TransferId, uploadId: string) => {
    deps.sentLog.record(profile.id, mailbox, baseName(path))
    const now = deps.sessions.sessionIfOpen(profile.id)
    if (PRESETS[profile.preset].takesSentFiles && now)
      watchTaken(now, path, id, (taken) => {
        deps.queue.markTaken(taken)
        void deps.journal.append({ step: 'taken', id: uploadId, at: Date.now() }).catch(() => {})
      })
  }
}

async function startSend(
  deps: MailboxSendDeps,
  profile: Profile,
  request: MailboxSend,
): Promise<SentBatch> {
  const { queue, sessions, journal } = deps
  const { profileId, remoteFolder, localPaths, remoteNames } = request
  const preset = PRESETS[profile.preset]
  const session = await sessions.current(profileId)
  const common = {
    queue,
    context: sendContextFor(deps, profile),
    profileId,
    filesInFlight: filesInFlightFor(profile, session.limits),
    localPaths,
    ...(remoteNames ? { remoteNames } : {}),
    onSent: onSentFor(deps, profile, remoteFolder),
  }
  if (!request.asMessage)
    return sendFiles({ ...common, remoteFolder, strategy: resolveUploadStrategy(profile) })
  const files = await checkLocalFiles(localPaths, remoteNames)
  checkMessageLimits(files, messageLimitsOf(preset), preset.label)
  let planned: PlannedUpload[] = []
  const notMade = (reason: string) => abandonPlanned(journal, planned, reason)
  const folder = await createMessageFolder(session, remoteFolder, new Date(), async (candidate) => {
    await notMade('not sent: its message folder could not be made')
    planned = await planUploads(journal, profileId, candidate, files, 'direct', candidate)
  }).catch(async (error: unknown) => {
    await notMade('not sent: its message folder could not be made')
    throw error
  })
  // Inside a message folder files go straight to their names: the gateway waits two minutes
  // after the last upload, and they are sent back to back so no gap comes near that.
  return sendFiles({
    ...common,
    remoteFolder: folder,
    strategy: 'direct',
    sequential: true,
    planned,
  })
}

/** Uploads planned under a message folder that was never made: nothing of them is anywhere. */
async function abandonPlanned(
  journal: SendJournal,
  planned: readonly PlannedUpload[],
  outcome: string,
): Promise<void> {
  const ids = planned.map((upload) => upload.id)
  await Promise.all(
    ids.map((id) => journal.append({ step: 'failed', id, outcome, at: Date.now() })),
  )
  journal.settled(ids)
}
