import { randomUUID } from 'node:crypto'
import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { Profile, ProfileId, TransferId } from '../../../../shared/domain'
import { encryptedName, sendSettingFor, type SentPgp } from '../../../../shared/pgp'
import { PRESETS } from '../../../../shared/presets'
import { baseName, type RemotePath } from '../../../../shared/remote-path'
import type { ProfileRuns } from '../../locks/profile-runs'
import { MailroomError } from '../../errors'
import { checkMessageLimits, createMessageFolder, messageLimitsOf } from '../../mailbox/as2-message'
import type { SessionManager } from '../../sessions/session-manager'
import { filesInFlightFor } from '../engine/transfer-budget'
import type { SentLog } from '../sent-log'
import type { TransferQueue } from '../transfer-queue'
import { resolveUploadStrategy } from '../upload-strategy'
import { watchTaken } from '../watch-taken'
import {
  copyPathFor,
  encryptionOf,
  makeEncryptedCopy,
  removeCopy,
  sweepCopies,
  type SendEncryption,
} from './encrypted-copies'
import { checkLocalFiles, type LocalFile } from './local-files'
import { planUploads, sendFiles, type PlanFile, type SentBatch } from './send-files'
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
  /** The OpenPGP keys and the data folder's copies, for mailboxes that send encrypted. */
  readonly encryption?: SendEncryption
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
  deps: Pick<MailboxSendDeps, 'sessions' | 'journal' | 'runs' | 'by' | 'hooks' | 'encryption'>,
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
    ...(deps.encryption ? { encryption: deps.encryption } : {}),
  }
}

/**
 * How files sent to `mailbox` are encrypted by the profile's `pgpSend` (none: sent as they are),
 * its signing key settled, or a clear refusal before anything is sent.
 */
export function mailboxEncryption(
  deps: Pick<MailboxSendDeps, 'encryption'>,
  profile: Pick<Profile, 'pgpSend'>,
  mailbox: RemotePath,
): SentPgp | undefined {
  const setting = sendSettingFor(profile.pgpSend, mailbox)
  if (!setting) return undefined
  if (!deps.encryption)
    throw new MailroomError('not-supported', 'OpenPGP keys are not available to this send.')
  return encryptionOf(setting, deps.encryption.keyring)
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
  const pgp = mailboxEncryption(deps, profile, remoteFolder)
  // Copies an earlier send left (killed while encrypting, or ended since): not sent by anything.
  if (deps.encryption) await sweepCopies(deps.encryption, journal)
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
    return sendFiles({
      ...common,
      remoteFolder,
      strategy: resolveUploadStrategy(profile),
      ...(pgp ? { pgp } : {}),
    })
  const local = await checkLocalFiles(localPaths, remoteNames)
  const { encryption } = deps
  // The gateway's limits are on what it receives: the encrypted copies, made first.
  let files: PlanFile[] =
    pgp && encryption ? await encryptAhead(encryption, journal, local, pgp) : local
  const dropCopies = async () => {
    const ids = files.flatMap((file) => (file.id ? [file.id] : []))
    if (encryption) for (const id of ids) await removeCopy(encryption, id)
    journal.settled(ids)
  }
  try {
    checkMessageLimits(files, messageLimitsOf(preset), preset.label)
  } catch (error) {
    await dropCopies()
    throw error
  }
  let planned: PlannedUpload[] = []
  const notMade = 'not sent: its message folder could not be made'
  const folder = await createMessageFolder(session, remoteFolder, new Date(), async (candidate) => {
    if (planned.length > 0) {
      await abandonPlanned(journal, planned, notMade)
      // The records of the name not made are closed: the copies go on under new ones.
      if (encryption) files = await renewIds(encryption, journal, files)
    }
    planned = await planUploads(journal, profileId, candidate, files, 'direct', candidate)
  }).catch(async (error: unknown) => {
    await abandonPlanned(journal, planned, notMade)
    await dropCopies()
    throw error
  })
  // Inside a message folder files go straight to their names: the gateway waits two minutes
  // after the last upload, and they are sent back to back so no gap comes near that.
  return sendFiles({
    ...common,
    localPaths: files.map((file) => file.localPath),
    remoteNames: files.map((file) => file.name),
    remoteFolder: folder,
    strategy: 'direct',
    sequential: true,
    planned,
  })
}

/**
 * An AS2 message's files encrypted before anything else, so that its limits (10 files, 10 MB)
 * are checked on what the gateway receives; marked as worked on here so that no sweep takes a
 * copy before it is queued. One file that cannot be encrypted refuses the whole message.
 */
async function encryptAhead(
  encryption: SendEncryption,
  journal: SendJournal,
  files: readonly LocalFile[],
  pgp: SentPgp,
): Promise<PlanFile[]> {
  const copies = files.map((file) => {
    const id = randomUUID()
    const name = encryptedName(file.name, pgp.armored)
    return { id, name, sourcePath: file.localPath, localPath: copyPathFor(encryption, id, name) }
  })
  journal.working(copies.map((copy) => copy.id))
  try {
    const planned: PlanFile[] = []
    for (const copy of copies) {
      const size = await makeEncryptedCopy(encryption, { ...copy, pgp })
      planned.push({
        id: copy.id,
        name: copy.name,
        localPath: copy.localPath,
        size,
        encrypted: { sourcePath: copy.sourcePath, pgp },
      })
    }
    return planned
  } catch (error) {
    for (const copy of copies) await removeCopy(encryption, copy.id)
    journal.settled(copies.map((copy) => copy.id))
    throw error
  }
}

/** Encrypted copies moved to new upload ids (a message folder name taken, planned again). */
async function renewIds(
  encryption: SendEncryption,
  journal: SendJournal,
  files: readonly PlanFile[],
): Promise<PlanFile[]> {
  return Promise.all(
    files.map(async (file) => {
      if (!file.id || !file.encrypted) return file
      const id = randomUUID()
      journal.working([id])
      await rename(join(encryption.folder, file.id), join(encryption.folder, id))
      return { ...file, id, localPath: copyPathFor(encryption, id, file.name) }
    }),
  )
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
