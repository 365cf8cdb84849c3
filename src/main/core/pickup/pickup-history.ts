import type { PickupHistoryEntry } from '../../../shared/domain'
import type { PickupRecord } from './pickup-journal'

/** The pickup history as the UI shows it: each file saved locally, with what happened on the server. */
export function pickupHistory(records: readonly PickupRecord[]): PickupHistoryEntry[] {
  return records.map((record) => ({
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
