import { GroupCommit } from '../store/group-commit'
import type { MailroomStore } from '../store/mailroom-store'
import type { PickupFileRow, PickupFileStep } from '../store/pickup-files-table'

/**
 * The pickup journal: each step is committed to Mailroom's database before the next step runs,
 * so after a crash, a kill, a cut connection or a full disk the next pickup knows exactly how
 * far each file got: listed (maybe partly downloaded), verified (complete in its part file,
 * with its SHA-256), saved under its final local name (so the server copy may go), deleted on
 * the server, kept there on purpose, or abandoned (it changed, or was taken again).
 */
export type JournalEntry = PickupFileStep

/** Everything the journal knows about one picked-up file. */
export type PickupRecord = PickupFileRow

const HISTORY_SHOWN = 1000

/**
 * The steps of all the files a pickup runs at once share one commit (store/group-commit.ts).
 */
export class PickupJournal {
  private readonly steps: GroupCommit<JournalEntry>
  /** Records of files whose pickup is running in this process now. */
  private readonly inProgress = new Set<string>()

  constructor(private readonly store: MailroomStore) {
    this.steps = new GroupCommit((entries) => store.pickupFiles.apply(entries))
  }

  /**
   * Records one step. The promise resolves once the step is committed (on disk), and rejects,
   * with the store's error, if its commit failed: then nothing of that commit was recorded.
   */
  append(entry: JournalEntry): Promise<void> {
    return this.steps.append(entry)
  }

  /**
   * The profile's files an earlier pickup did not finish, for recovery: not those a pickup
   * running now in this process is working on (two mailboxes picked up at once must not roll
   * back each other's files in flight).
   */
  async unfinished(profileId: string): Promise<PickupRecord[]> {
    this.commit()
    return this.store.pickupFiles
      .unfinished(profileId)
      .filter((record) => !this.inProgress.has(record.id))
  }

  /** Marks a file's record as being worked on here, until `settled` says its pickup ended. */
  working(id: string): void {
    this.inProgress.add(id)
  }

  /** Its pickup ended, done or not: a later pickup may recover what is left of it. */
  settled(id: string): void {
    this.inProgress.delete(id)
  }

  /** The profile's files saved locally while their server copy stays (kept, or not yet gone). */
  async pickedUp(profileId: string): Promise<PickupRecord[]> {
    this.commit()
    return this.store.pickupFiles.pickedUp(profileId)
  }

  /** The files saved locally, newest first (the pickup history). */
  async history(): Promise<PickupRecord[]> {
    this.commit()
    return this.store.pickupFiles.history(HISTORY_SHOWN)
  }

  async findSaved(localPath: string): Promise<PickupRecord | undefined> {
    this.commit()
    return this.store.pickupFiles.byLocalPath(localPath)
  }

  /** Commits the steps waiting, so a read sees every step appended before it. */
  private commit(): void {
    this.steps.flush()
  }
}
