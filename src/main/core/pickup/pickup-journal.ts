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

export class PickupJournal {
  constructor(private readonly store: MailroomStore) {}

  /** Records one step; it is on disk when this returns. */
  async append(entry: JournalEntry): Promise<void> {
    this.store.pickupFiles.apply([entry])
  }

  /** The profile's files an earlier pickup did not finish, for recovery. */
  async unfinished(profileId: string): Promise<PickupRecord[]> {
    return this.store.pickupFiles.unfinished(profileId)
  }

  /** The profile's files saved locally while their server copy stays (kept, or not yet gone). */
  async pickedUp(profileId: string): Promise<PickupRecord[]> {
    return this.store.pickupFiles.pickedUp(profileId)
  }

  /** The files saved locally, newest first (the pickup history). */
  async history(): Promise<PickupRecord[]> {
    return this.store.pickupFiles.history(HISTORY_SHOWN)
  }

  async findSaved(localPath: string): Promise<PickupRecord | undefined> {
    return this.store.pickupFiles.byLocalPath(localPath)
  }
}
