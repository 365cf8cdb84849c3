import type { PickupHistoryEntry } from '../../../shared/domain'
import type { PickupRecord } from './pickup-journal'

const SHOWN = 1000

/** The pickup history: every file saved locally, newest first, with what happened on the server. */
export function pickupHistory(records: readonly PickupRecord[]): PickupHistoryEntry[] {
  return records
    .filter(
      (record) =>
        record.localPath !== undefined &&
        record.sha256 !== undefined &&
        record.savedAt !== undefined &&
        record.status !== 'abandoned',
    )
    .sort((a, b) => (b.savedAt ?? 0) - (a.savedAt ?? 0))
    .slice(0, SHOWN)
    .map((record) => ({
      profileId: record.profileId,
      remotePath: record.remotePath,
      localPath: record.localPath ?? '',
      size: record.size,
      sha256: record.sha256 ?? '',
      savedAt: record.savedAt ?? 0,
      serverCopy:
        record.status === 'deleted' ? 'deleted' : record.status === 'kept' ? 'kept' : 'pending',
    }))
}
