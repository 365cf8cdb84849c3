import type { Transfer } from '../../../../shared/domain'
import type { ServerLimits } from '../../sftp/sftp-session'

/**
 * The one owner of how much the engine holds at once: files and bytes in flight on a
 * connection, and what one file's pipeline holds. The transfer queue reserves a file's window
 * from here before starting it, and the engine sizes its pipeline from the same numbers, so the
 * two cannot drift apart.
 */

const MIB = 1024 * 1024

/**
 * How much runs at once: budgets, not a job count. A small file spends most of its time waiting
 * for round trips (open, read, close, stat, remove), so many of them in flight fill a slow link;
 * a large one holds its pipeline of requests in memory, so the bytes in flight are bounded too.
 */
export interface TransferBudget {
  /**
   * Files in flight at once on one profile's connection: enough to fill a 50 ms link with small
   * files (each waits on four round trips). Where the server does not state its open-handle
   * limit, fewer (filesInFlightFor).
   */
  readonly files: number
  /** Bytes all running files may have in flight, each reserving its window (fileWindowBytes). */
  readonly bytes: number
}

export const DEFAULT_BUDGET: TransferBudget = { files: 256, bytes: 48 * MIB }

// A block is the unit of local I/O (a download writes and hashes it, an upload reads it) and of
// scheduling (its requests go out together): ~1 MiB, a whole number of requests.
const BLOCK_BYTES = MIB
// A download's bytes in flight on each channel: ssh2's whole receive window (2 MiB), so the
// server always has a request to answer while the window lets it send. More only waits there.
// In bytes, not requests: ProFTPD's requests are 32 KiB, and 16 of them kept only 512 KiB moving.
const DOWNLOAD_BYTES_IN_FLIGHT_PER_LANE = 2 * MIB
// An upload's bytes in flight: twice the 2 MiB window OpenSSH's sshd gives a channel, so the
// window is topped up again as soon as the server acknowledges; ProFTPD's is 4 GiB.
const UPLOAD_BYTES_IN_FLIGHT = 4 * MIB
/**
 * Channels (lanes) for one large download, the session's own included: each adds ~1 MiB a
 * round trip (sftp/extra-channels.ts), and each costs the server a process; this is 63 MiB/s at
 * 50 ms.
 */
export const MOST_LANES = 4
// What the lanes of one download aim to carry, so a short round trip keeps to one channel:
// up to 12 ms one channel can do it (80 MiB/s), at 50 ms four lanes are wanted.
const LANE_TARGET_BYTES_A_SECOND = 80 * MIB
// Below this much left to read per lane, opening another channel costs more than it saves.
const LEAST_BYTES_A_LANE = 4 * MIB

// Handles kept free for what runs beside a batch: a listing, a drag-out download.
const HANDLES_KEPT_FREE = 4

/**
 * Files in flight on a server that does not state its open-handle limit (`limits@openssh.com`):
 * the most every server we tried took. One that states its limit gets the queue's whole budget
 * under it: at a 50 ms round trip 1,000 small files took 5.4 s with 64 in flight, 2.8 s with 256.
 */
export const FILES_IN_FLIGHT_UNSTATED_LIMIT = 64

/** How one file moves: request and block size, blocks in flight per lane, buffers in all. */
export interface TransferPlan {
  readonly requestBytes: number
  readonly blockBytes: number
  readonly blocksPerLane: number
  /** The pipeline's buffers of `blockBytes`: the file's memory. */
  readonly buffers: number
}

/**
 * The plan for a download over `lanes` channels or an upload (always one channel), with
 * requests of `requestBytes`. A download holds its blocks in flight, as many again waiting for
 * an earlier one to be written (they complete out of order) and one more; an upload holds its
 * blocks in flight and one being read ahead.
 */
export function planTransfer(
  direction: 'download' | 'upload',
  requestBytes: number,
  lanes: number,
  conservative: boolean,
): TransferPlan {
  if (conservative) return { requestBytes, blockBytes: requestBytes, blocksPerLane: 1, buffers: 2 }
  const blockBytes = requestBytes * Math.max(Math.floor(BLOCK_BYTES / requestBytes), 1)
  const bytesInFlight =
    direction === 'download' ? DOWNLOAD_BYTES_IN_FLIGHT_PER_LANE : UPLOAD_BYTES_IN_FLIGHT
  // Rounded down: a block of 32 KiB reads is a little under 1 MiB, and rounding up sent three
  // blocks where the 2 MiB window takes two, holding a third MiB only to wait in it.
  const blocksPerLane = Math.max(Math.floor(bytesInFlight / blockBytes), 1)
  const buffers = direction === 'download' ? 2 * lanes * blocksPerLane + 1 : blocksPerLane + 1
  return { requestBytes, blockBytes, blocksPerLane, buffers }
}

/**
 * The most one file of `direction` can hold in memory (its largest plan: a block is at most
 * BLOCK_BYTES), which the queue reserves from the bytes budget before starting it.
 */
export function fileWindowBytes(direction: Transfer['direction']): number {
  const plan =
    direction === 'upload'
      ? planTransfer('upload', BLOCK_BYTES, 1, false)
      : planTransfer('download', BLOCK_BYTES, MOST_LANES, false)
  return plan.buffers * plan.blockBytes
}

/**
 * Channels for a download whose open took `roundTripMs`: enough for the target rate, one
 * channel carrying about 1 MiB a round trip, within MOST_LANES and never less than
 * LEAST_BYTES_A_LANE each.
 */
export function lanesFor(roundTripMs: number, bytesLeft: number): number {
  const wanted = Math.ceil((LANE_TARGET_BYTES_A_SECOND * roundTripMs) / 1000 / MIB)
  return Math.max(Math.min(wanted, MOST_LANES, Math.floor(bytesLeft / LEAST_BYTES_A_LANE)), 1)
}

/**
 * How many of a profile's files may be in flight at once, where fewer than the queue's budget:
 * one in conservative mode; fewer than the server's open-handle limit where it states one (each
 * file in flight holds one handle; past the limit OpenSSH's sftp-server refuses the OPEN).
 */
export function filesInFlightFor(
  profile: { readonly conservative: boolean },
  limits: Pick<ServerLimits, 'openHandles'> | undefined,
): number {
  if (profile.conservative) return 1
  const handles = limits?.openHandles
  return handles === undefined
    ? FILES_IN_FLIGHT_UNSTATED_LIMIT
    : Math.max(1, handles - HANDLES_KEPT_FREE)
}
