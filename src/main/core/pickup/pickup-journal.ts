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

interface Waiting {
  readonly entry: JournalEntry
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/**
 * Group commit: the steps of all the files a pickup runs at once share one transaction, so one
 * flush to disk, instead of one each. node:sqlite is synchronous, so a commit never runs while
 * other code does: "commit now unless one is running" would commit every step alone. Instead a
 * step waits for the end of the event loop's turn (setImmediate): every step appended by the
 * network replies handled in that turn goes into one commit, and while that commit's flush
 * blocks, the next replies pile up for the next one, so a batch grows with the flush's cost.
 */
export class PickupJournal {
  private waiting: Waiting[] = []
  private scheduled: ReturnType<typeof setImmediate> | undefined
  /** Records of files whose pickup is running in this process now. */
  private readonly inProgress = new Set<string>()

  constructor(private readonly store: MailroomStore) {}

  /**
   * Records one step. The promise resolves once the step is committed (on disk), and rejects,
   * with the store's error, if its commit failed: then nothing of that commit was recorded.
   */
  append(entry: JournalEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject })
      this.scheduled ??= setImmediate(() => this.commit())
    })
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

  /**
   * Commits every waiting step, in the order appended, in one transaction, then settles their
   * promises. Reads call it first, so a read sees every step appended before it, as when each
   * append committed at once (a failed commit is the appenders' to report; the read goes on).
   */
  private commit(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
    const batch = this.waiting
    if (batch.length === 0) return
    this.waiting = []
    try {
      this.store.pickupFiles.apply(batch.map((waiting) => waiting.entry))
    } catch (error) {
      for (const waiting of batch) waiting.reject(error)
      return
    }
    for (const waiting of batch) waiting.resolve()
  }
}
