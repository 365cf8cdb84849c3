import { useEffect, useMemo, useState } from 'react'
import type { PickupHistoryEntry, Transfer } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import type { TransfersState } from '../state/transfers'
import { entryForTransfer } from './pickup-verdict'

/** How long after the last pickup finished the history is read: once a burst, not once a file. */
const SETTLE_MS = 400

/**
 * The history entries of the pickups the Transfers panel shows, read again when more of them
 * have finished: where a file was saved (its decrypted name) and what OpenPGP said.
 */
export function usePickupOutcomes(client: MailroomClient, transfers: TransfersState) {
  const [entries, setEntries] = useState<readonly PickupHistoryEntry[]>([])
  // A count, not a sorted list: this runs on every batch of updates, 10,000 transfers or not.
  const finished = useMemo(() => {
    let count = 0
    for (const transfer of transfers.byId.values())
      if (transfer.direction === 'pickup' && transfer.state === 'done') count += 1
    return count
  }, [transfers])
  useEffect(() => {
    if (finished === 0) return
    const timer = setTimeout(() => {
      // Only words are missed if this fails; the transfer's own line still says where it went.
      client.call('pickup:history', {}).then(setEntries, () => undefined)
    }, SETTLE_MS)
    return () => clearTimeout(timer)
  }, [client, finished])
  return (transfer: Transfer) =>
    transfer.direction === 'pickup' && transfer.state === 'done'
      ? entryForTransfer(entries, transfer)
      : undefined
}
