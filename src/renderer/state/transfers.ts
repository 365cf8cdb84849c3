import { isFinishedState, type Transfer, type TransferId } from '../../shared/domain'

/** The renderer's copy of the transfers, built from `transfer:update` events. */
export interface TransfersState {
  readonly byId: ReadonlyMap<TransferId, Transfer>
  /** Newest first. */
  readonly order: readonly TransferId[]
  /** When each running transfer was first seen moving, and how far it was then: for its speed. */
  readonly firstSample: ReadonlyMap<TransferId, { readonly at: number; readonly bytes: number }>
  /** The batch running now (or the last one): since when, and the bytes moved before it. */
  readonly batch?: { readonly startedAt: number; readonly bytesBefore: number }
}

export type TransfersAction =
  /** Updates that arrived together: applied in one step, so 10,000 files do not freeze the page. */
  | {
      readonly type: 'transfers-updated'
      readonly transfers: readonly Transfer[]
      readonly at: number
    }
  | { readonly type: 'transfers-cleared' }

export const initialTransfers: TransfersState = {
  byId: new Map(),
  order: [],
  firstSample: new Map(),
}

export function transfersReducer(state: TransfersState, action: TransfersAction): TransfersState {
  switch (action.type) {
    case 'transfers-updated': {
      const byId = new Map(state.byId)
      const firstSample = new Map(state.firstSample)
      const added: TransferId[] = []
      const wasActive = [...state.byId.values()].some(isActive)
      for (const transfer of action.transfers) {
        if (!byId.has(transfer.id)) added.unshift(transfer.id)
        byId.set(transfer.id, transfer)
        if (transfer.state === 'running' && !firstSample.has(transfer.id))
          firstSample.set(transfer.id, { at: action.at, bytes: transfer.transferredBytes })
        // Its speed is the upload's, timed from when the upload starts, not from before encrypting.
        if (transfer.state === 'encrypting') firstSample.delete(transfer.id)
      }
      const startsBatch = !wasActive && action.transfers.some(isActive)
      const batch = startsBatch
        ? { startedAt: action.at, bytesBefore: movedBytes(state.byId.values()) }
        : state.batch
      return {
        byId,
        order: added.length ? [...added, ...state.order] : state.order,
        firstSample,
        ...(batch ? { batch } : {}),
      }
    }
    case 'transfers-cleared': {
      const byId = new Map(
        [...state.byId].filter(([, transfer]) => transfer.finishedAt === undefined),
      )
      const removedBytes = movedBytes(state.byId.values()) - movedBytes(byId.values())
      return {
        byId,
        order: state.order.filter((id) => byId.has(id)),
        firstSample: new Map([...state.firstSample].filter(([id]) => byId.has(id))),
        // The bytes of cleared transfers leave the count; what the batch moved stays the same.
        ...(state.batch
          ? { batch: { ...state.batch, bytesBefore: state.batch.bytesBefore - removedBytes } }
          : {}),
      }
    }
  }
}

/** Waiting or under way (encrypting, moving, reconnecting, verifying, decrypting). */
export function isActive(transfer: Transfer): boolean {
  return !isFinishedState(transfer.state)
}

/** Bytes per second since the transfer started moving, and seconds left at that pace. */
export function paceOf(
  state: TransfersState,
  transfer: Transfer,
  now: number,
): { bytesPerSecond: number; secondsLeft: number } | undefined {
  const first = state.firstSample.get(transfer.id)
  if (!first || transfer.state !== 'running') return undefined
  const seconds = (now - first.at) / 1000
  const moved = transfer.transferredBytes - first.bytes
  if (seconds < 0.5 || moved <= 0) return undefined
  const bytesPerSecond = moved / seconds
  return {
    bytesPerSecond,
    secondsLeft: (transfer.totalBytes - transfer.transferredBytes) / bytesPerSecond,
  }
}

function movedBytes(transfers: Iterable<Transfer>): number {
  let bytes = 0
  for (const transfer of transfers) bytes += transfer.transferredBytes
  return bytes
}

/**
 * The order Transfers shows: what runs now first (so a batch of 10,000 does not hide it), then
 * what waits, in the order it will run, then what finished, newest first.
 */
export function shownOrder(state: TransfersState): Transfer[] {
  const rank = (transfer: Transfer) =>
    !isActive(transfer) ? 2 : transfer.state === 'queued' ? 1 : 0
  // `order` is newest first: waiting and running ones read oldest first, finished ones not.
  const listed = state.order
    .map((id) => state.byId.get(id))
    .filter((transfer): transfer is Transfer => transfer !== undefined)
  const active = listed.filter((transfer) => rank(transfer) < 2).reverse()
  const finished = listed
    .filter((transfer) => rank(transfer) === 2)
    .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0))
  return [...active.sort((a, b) => rank(a) - rank(b)), ...finished]
}

/** The batch in one line's worth of numbers: done, failed, speed and time left. */
export interface BatchSummary {
  readonly total: number
  readonly done: number
  readonly failed: number
  readonly active: number
  readonly bytesPerSecond?: number
  readonly secondsLeft?: number
}

export function batchSummary(state: TransfersState, now: number): BatchSummary {
  let done = 0
  let failed = 0
  let active = 0
  let bytesLeft = 0
  for (const transfer of state.byId.values()) {
    if (transfer.state === 'done') done += 1
    else if (transfer.state === 'failed') failed += 1
    else if (isActive(transfer)) {
      active += 1
      bytesLeft += transfer.totalBytes - transfer.transferredBytes
    }
  }
  const summary = { total: state.byId.size, done, failed, active }
  const seconds = state.batch ? (now - state.batch.startedAt) / 1000 : 0
  if (!state.batch || active === 0 || seconds < 1) return summary
  const moved = movedBytes(state.byId.values()) - state.batch.bytesBefore
  if (moved <= 0) return summary
  const bytesPerSecond = moved / seconds
  return { ...summary, bytesPerSecond, secondsLeft: bytesLeft / bytesPerSecond }
}
