import type { Profile, ProfileId } from '../../../../shared/domain'
import { PRESETS } from '../../../../shared/presets'
import { needsAttention, type RecoveredSend } from '../../../../shared/recovered-send'
import { baseName, parentPath, type RemotePath } from '../../../../shared/remote-path'
import { MailroomError, toApiError } from '../../errors'
import type { EventBus } from '../../events/event-bus'
import type { TransferSpec } from '../transfer-queue'
import { planFilesAgain, removeCopy, sweepCopies, type SendEncryption } from './encrypted-copies'
import { recoverSends } from './recover-sends'
import { encryptedSourceOf, type Recovery } from './recovery-context'
import { sendAgainJob } from './send-again'
import { planUploads, sendFiles } from './send-files'
import { onSentFor, sendContextFor, type MailboxSendDeps } from './send-to-mailbox'

export interface SendRecoveryDeps extends MailboxSendDeps {
  readonly profileOf: (profileId: ProfileId) => Profile
  readonly events: EventBus
  /** Told when a recovery could not be done (the next connection or send tries again). */
  readonly onFailure?: (profileId: ProfileId, error: unknown) => void
}

/** What a recovery found, or why it did not look. */
export interface SendRecoveryResult {
  readonly sends: RecoveredSend[]
  /** Another process holds the profile's send lock: its uploads may be live, so none is touched. */
  readonly skipped?: string
}

/**
 * Recovery of a profile's interrupted sends at its next connection (the app when a session
 * opens, and before each send; `mailroom send` and `mailroom pickup`; `mailroom check` only
 * reports), under the profile's send lock, so a live upload of another process is never touched.
 * Each thing found is listed in Transfers ("recovered after a crash"), its Retry sending it again
 * where that makes sense, and told once on `send:recovered` (the notice, the session log); an AS2
 * message found within its quiet time is completed at once.
 */
export class SendRecovery {
  /** Each profile's recoveries run one after another: two at once would both act on one file. */
  private readonly last = new Map<ProfileId, Promise<unknown>>()

  constructor(private readonly deps: SendRecoveryDeps) {}

  /** Recovers the profile's interrupted sends, or (`reportOnly`) says what it finds. */
  recover(
    profileId: ProfileId,
    options: { readonly reportOnly?: boolean } = {},
  ): Promise<SendRecoveryResult> {
    const before = this.last.get(profileId) ?? Promise.resolve()
    const next = before.catch(() => undefined).then(() => this.recoverNow(profileId, options))
    this.last.set(profileId, next)
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.last.get(profileId) === next) this.last.delete(profileId)
      })
    return next
  }

  /**
   * As `recover`, for callers that carry on whatever it finds (connecting, sending): a failure
   * is told to `onFailure`, and the next connection or send tries again. A dropped connection is
   * not swallowed: what follows would fail on it anyway.
   */
  async recoverQuietly(profileId: ProfileId): Promise<void> {
    try {
      await this.recover(profileId)
    } catch (error) {
      if (error instanceof MailroomError && error.kind === 'connection-lost') throw error
      this.deps.onFailure?.(profileId, error)
    }
  }

  private async recoverNow(
    profileId: ProfileId,
    options: { readonly reportOnly?: boolean },
  ): Promise<SendRecoveryResult> {
    const { deps } = this
    const reportOnly = options.reportOnly === true
    const run = deps.runs.begin(profileId, deps.by)
    if (!run) return { sends: [], skipped: deps.runs.heldElsewhere(profileId).message }
    try {
      // Encrypted copies nothing will send (their upload ended, or was never queued).
      if (deps.encryption && !reportOnly) await sweepCopies(deps.encryption, deps.journal)
      // The usual case, with nothing to look at on the server: one query through an index.
      if (deps.journal.unfinished(profileId).length === 0) return { sends: [] }
      const profile = deps.profileOf(profileId)
      const preset = PRESETS[profile.preset]
      const session = await deps.sessions.current(profileId)
      const recoveries = await recoverSends(
        {
          profileId,
          preset,
          journal: deps.journal,
          reportOnly,
          recentNames: (folder) =>
            preset.duplicateWindowMs === undefined
              ? new Set()
              : deps.sentLog.namesSince(profileId, folder, preset.duplicateWindowMs),
          nameMaySeemSent: (folder, name, at) => deps.sentLog.record(profileId, folder, name, at),
          now: Date.now,
          ...(deps.encryption
            ? { dropCopy: (id: string) => removeCopy(deps.encryption as SendEncryption, id) }
            : {}),
        },
        session,
      )
      if (reportOnly) return { sends: recoveries.map((recovery) => recovery.report) }
      const sends: RecoveredSend[] = []
      for (const found of recoveries) {
        const recovery = found.complete ? await this.completed(profile, found) : found
        sends.push({ ...recovery.report, transferId: this.listInTransfers(profile, recovery) })
      }
      if (sends.length > 0) deps.events.emit('send:recovered', { profileId, sends })
      return { sends }
    } finally {
      run.end()
    }
  }

  /**
   * An AS2 message completed, or, when its missing files cannot be sent (a local file gone
   * since), reported as one the gateway may send incomplete, offered whole as a new message.
   */
  private async completed(profile: Profile, recovery: Recovery): Promise<Recovery> {
    try {
      if (recovery.complete) await this.completeMessage(profile, recovery.complete)
      return recovery
    } catch (error) {
      const { report } = recovery
      return {
        report: {
          ...report,
          outcome: 'message-incomplete',
          summary: `${report.summary} It could not be completed: ${toApiError(error).message}`,
          sendAgainAs: `a new message in ${report.mailbox}`,
        },
        again: {
          kind: 'message',
          outbox: report.mailbox,
          files: report.localPaths.map((localPath, index) => ({
            localPath,
            name: report.files?.[index]?.name ?? baseName(report.remotePath),
          })),
        },
      }
    }
  }

  /** Its row in Transfers: done, or failed with what happened, its Retry sending it again. */
  private listInTransfers(profile: Profile, recovery: Recovery) {
    const { report, again } = recovery
    const spec: TransferSpec = {
      profileId: profile.id,
      direction: 'upload',
      name:
        report.kind === 'message'
          ? `${report.localPaths.length} files as one message (${report.name})`
          : report.name,
      remotePath: again?.kind === 'file' ? again.remotePath : report.remotePath,
      localPath: report.localPaths[0] ?? '',
      totalBytes: report.sizeSent,
      run: again
        ? sendAgainJob(this.deps, profile, again)
        : async () => {
            throw new Error('Nothing to send again')
          },
    }
    return this.deps.queue.addRecovered(
      spec,
      needsAttention(report.outcome)
        ? {
            state: 'failed',
            error: { kind: 'interrupted', message: `${report.summary} ${report.gateway}` },
          }
        : { state: 'done' },
      report.startedAt,
    )
  }

  /**
   * The missing files of an AS2 message found within its quiet time, into its folder, back to
   * back, as a batch of the profile's send run (the lock held until they have gone).
   */
  private async completeMessage(
    profile: Profile,
    complete: NonNullable<Recovery['complete']>,
  ): Promise<void> {
    const { deps } = this
    const { folder } = complete
    const files = await planFilesAgain(
      deps.encryption,
      complete.files.map((row) => {
        const encrypted = encryptedSourceOf(row)
        return {
          localPath: row.localPath,
          name: baseName(row.remotePath as RemotePath),
          ...(encrypted ? { encrypted } : {}),
        }
      }),
    )
    let uploadIds: readonly string[] = []
    await deps.runs.batch(
      profile.id,
      deps.by,
      async () => {
        const planned = await planUploads(deps.journal, profile.id, folder, files, 'direct', folder)
        const batch = await sendFiles({
          queue: deps.queue,
          context: sendContextFor(deps, profile),
          profileId: profile.id,
          remoteFolder: folder,
          localPaths: files.map((file) => file.encrypted?.sourcePath ?? file.localPath),
          remoteNames: files.map((file) => file.name),
          strategy: 'direct',
          sequential: true,
          planned,
          onSent: onSentFor(deps, profile, parentPath(folder)),
        })
        uploadIds = batch.uploadIds
        return batch
      },
      async (transferIds) => {
        await deps.queue.whenFinished(transferIds)
        await deps.journal.batchEnded(uploadIds)
      },
    )
  }
}
