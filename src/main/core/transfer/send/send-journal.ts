import { GroupCommit } from '../../store/group-commit'
import type { MailroomStore } from '../../store/mailroom-store'
import type { SendUploadRow, SendUploadStep } from '../../store/send-uploads-table'

export type { SendUploadRow, SendUploadStep } from '../../store/send-uploads-table'

// As long as the sent log keeps a send (sent-log.ts): a week.
const KEPT_MS = 7 * 24 * 60 * 60 * 1000

/**
 * The send journal: each upload's steps are committed to Mailroom's database before the step
 * that depends on them runs (its temporary name before anything is written there, "written"
 * before the rename is sent), so the next connection after a crash, a kill or a power cut knows
 * what each upload may have left on the server and where (recover-sends.ts). The steps of all the
 * files a batch sends at once share one commit (store/group-commit.ts).
 */
export class SendJournal {
  private readonly steps: GroupCommit<SendUploadStep>
  /** Uploads a send running in this process now is working on: recovery leaves them alone. */
  private readonly inProgress = new Set<string>()

  constructor(
    private readonly store: MailroomStore,
    private readonly now: () => number = Date.now,
  ) {
    this.steps = new GroupCommit((steps) => store.sendUploads.apply(steps, this.now() - KEPT_MS))
  }

  /** Records one step; resolves once it is on disk, rejects (nothing recorded) if not. */
  append(step: SendUploadStep): Promise<void> {
    return this.steps.append(step)
  }

  /**
   * The profile's uploads an earlier send did not finish, for recovery: not those a send running
   * in this process is working on.
   */
  unfinished(profileId: string): SendUploadRow[] {
    this.steps.flush()
    return this.store.sendUploads
      .unfinished(profileId)
      .filter((row) => !this.inProgress.has(row.id))
  }

  /** Every file of an AS2 message, whatever became of each. */
  ofMessage(profileId: string, messageFolder: string): SendUploadRow[] {
    this.steps.flush()
    return this.store.sendUploads.ofMessage(profileId, messageFolder)
  }

  byId(id: string): SendUploadRow | undefined {
    this.steps.flush()
    return this.store.sendUploads.byId(id)
  }

  /** Marks uploads as being worked on here, until `settled` says their send ended. */
  working(ids: Iterable<string>): void {
    for (const id of ids) this.inProgress.add(id)
  }

  /** Their send ended, done or not: recovery may deal with whatever is left of them. */
  settled(ids: Iterable<string>): void {
    for (const id of ids) this.inProgress.delete(id)
  }

  /**
   * A batch's transfers have all finished: those that never started (cancelled while waiting,
   * or after a file of their message that did not arrive) have nothing on the server and end
   * here; what the others left is for recovery, once they are no longer worked on.
   */
  async batchEnded(ids: readonly string[]): Promise<void> {
    const neverStarted = ids.filter((id) => this.byId(id)?.status === 'queued')
    await Promise.all(
      neverStarted.map((id) =>
        this.append({
          step: 'failed',
          id,
          outcome: 'not sent: it never started',
          at: this.now(),
        }),
      ),
    ).finally(() => this.settled(ids))
  }

  isWorking(id: string): boolean {
    return this.inProgress.has(id)
  }
}
