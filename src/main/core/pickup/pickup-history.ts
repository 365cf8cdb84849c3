import type { PickupHistoryEntry } from '../../../shared/domain'
import { isNotVerifiedNote } from '../../../shared/pgp'
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
    ...pgpFacts(record),
  }))
}

/**
 * A file saved decrypted is the plaintext the decrypt step journaled (its SHA-256); a file kept
 * encrypted has only the note saying why, even after a decrypt step that recovery undid.
 */
function pgpFacts(record: PickupRecord): Pick<PickupHistoryEntry, 'pgp' | 'detachedSignature'> {
  if (record.verdict && record.sha256 !== undefined && record.sha256 === record.plainSha256)
    return {
      pgp: {
        decrypted: true,
        verdict: record.verdict,
        ...(record.encryptedPath ? { encryptedPath: record.encryptedPath } : {}),
      },
    }
  // A verdict without a decrypt step is a detached signature's (the signature-checked step).
  if (record.verdict && record.plainSha256 === undefined && record.note !== undefined)
    return {
      detachedSignature: {
        verdict: record.verdict,
        verified: record.verdict.state === 'good',
        notVerified: isNotVerifiedNote(record.note),
        note: record.note,
      },
    }
  return record.note ? { pgp: { decrypted: false, reason: record.note } } : {}
}
