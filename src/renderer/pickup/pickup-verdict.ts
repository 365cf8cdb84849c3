import type { PickupHistoryEntry, Transfer } from '../../shared/domain'
import { describeDecrypted } from '../../shared/pgp'

/**
 * What OpenPGP did to a picked-up file, in the words Pickup history, Transfers and the command
 * share: "decrypted, signed by …", "decrypted, not signed", or why it was kept encrypted.
 */
export function pgpOutcomeWords(pgp: PickupHistoryEntry['pgp']): string | undefined {
  if (!pgp) return undefined
  if (pgp.decrypted) return pgp.verdict ? describeDecrypted(pgp.verdict) : 'decrypted'
  return `kept encrypted: ${pgp.reason ?? 'it could not be decrypted'}`
}

/**
 * The history entry of a finished pickup: the same file from the same profile, saved after the
 * transfer started (a name picked up again later is a new entry). The transfer knows only the
 * name it downloaded to; the entry has the name saved after decryption.
 */
export function entryForTransfer(
  entries: readonly PickupHistoryEntry[],
  transfer: Pick<Transfer, 'profileId' | 'remotePath' | 'startedAt'>,
): PickupHistoryEntry | undefined {
  return entries.find(
    (entry) =>
      entry.profileId === transfer.profileId &&
      entry.remotePath === transfer.remotePath &&
      entry.savedAt >= transfer.startedAt,
  )
}

/**
 * A finished pickup's status line: "Picked up to /in/orders.edi", or for an OpenPGP file the
 * verdict first, "Decrypted, signed by … saved as /in/invoice.xml", since a long line is cut at
 * its end in the Transfers panel and the verdict is what the person needs to see.
 */
export function pickedUpText(
  transfer: Pick<Transfer, 'localPath'>,
  entry: PickupHistoryEntry | undefined,
): string {
  const path = entry?.localPath ?? transfer.localPath
  const words = pgpOutcomeWords(entry?.pgp)
  return words
    ? `${words.charAt(0).toUpperCase()}${words.slice(1)}; saved as ${path}`
    : `Picked up to ${path}`
}
