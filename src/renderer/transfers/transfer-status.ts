import type { PickupHistoryEntry, Transfer } from '../../shared/domain'
import { formatDuration, formatProgress, formatSize } from '../common/format'
import { pickedUpText } from '../pickup/pickup-verdict'
import { paceOf, type TransfersState } from '../state/transfers'

const DONE: Record<Transfer['direction'], string> = {
  upload: 'Sent',
  download: 'Downloaded',
  pickup: 'Picked up',
}

/** The row's status line: where the transfer is, and how far it got. */
export function statusText(
  transfer: Transfer,
  transfers: TransfersState,
  now: number,
  entry: PickupHistoryEntry | undefined,
): string {
  if (transfer.recovered)
    return transfer.state === 'done'
      ? 'Recovered after a crash: sent'
      : `Recovered after a crash: ${transfer.error?.message ?? 'not sent'}`
  switch (transfer.state) {
    case 'queued':
      return 'Waiting'
    case 'running': {
      const pace = paceOf(transfers, transfer, now)
      const progress = formatProgress(transfer.transferredBytes, transfer.totalBytes)
      return pace
        ? `${progress} · ${formatSize(pace.bytesPerSecond)}/s · ${formatDuration(pace.secondsLeft)} left`
        : progress
    }
    case 'encrypting':
      return `Encrypting… ${workProgress(transfer)}, then sending`
    case 'decrypting':
      return `Decrypting… ${workProgress(transfer)}`
    case 'reconnecting':
      return `Reconnecting… ${formatProgress(transfer.transferredBytes, transfer.totalBytes)} so far; carries on once the connection is back`
    case 'verifying':
      return transfer.direction === 'pickup'
        ? 'Verifying, then deleting on the server'
        : 'Verifying'
    case 'done':
      if (transfer.takenAt !== undefined) return 'Sent, and taken by the gateway'
      return transfer.direction === 'pickup'
        ? pickedUpText(transfer, entry)
        : `${DONE[transfer.direction]}, ${formatProgress(transfer.totalBytes, transfer.totalBytes)}`
    case 'cancelled':
      return 'Cancelled'
    case 'failed':
      return transfer.error?.message ?? 'Failed'
  }
}

/** How far an OpenPGP step on the file got: its own bytes, not the bytes moved. */
function workProgress(transfer: Transfer): string {
  const work = transfer.work ?? { doneBytes: 0, totalBytes: transfer.totalBytes }
  return formatProgress(work.doneBytes, work.totalBytes)
}

/** The bar: the step's share while encrypting or decrypting, else the bytes moved. */
export function percentOf(transfer: Transfer): number {
  const { doneBytes, totalBytes } = transfer.work ?? {
    doneBytes: transfer.transferredBytes,
    totalBytes: transfer.totalBytes,
  }
  if (totalBytes === 0) return transfer.state === 'done' ? 100 : 0
  return Math.min(100, Math.floor((doneBytes / totalBytes) * 100))
}
