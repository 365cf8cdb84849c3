import { MailroomError } from '../../errors'

/** How one file's transfer reports as it goes, and how it is stopped. */
export interface TransferControl {
  readonly signal?: AbortSignal
  /** Called with the bytes done so far as they move (a download: saved to disk). */
  readonly onProgress?: (transferredBytes: number, totalBytes: number) => void
}

/** Stops before the next step once the person has cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MailroomError('cancelled', 'Cancelled.')
}
