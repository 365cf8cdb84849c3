import type { Transfer, TransferId } from '../../shared/domain'

/** The renderer's copy of the transfers, built from `transfer:update` events. */
export interface TransfersState {
  readonly byId: ReadonlyMap<TransferId, Transfer>
  /** Newest first. */
  readonly order: readonly TransferId[]
  /** When each running transfer was first seen moving, and how far it was then: for its speed. */
  readonly firstSample: ReadonlyMap<TransferId, { readonly at: number; readonly bytes: number }>
}

export type TransfersAction =
  | { readonly type: 'transfer-updated'; readonly transfer: Transfer; readonly at: number }
  | { readonly type: 'transfers-cleared' }

export const initialTransfers: TransfersState = {
  byId: new Map(),
  order: [],
  firstSample: new Map(),
}

export function transfersReducer(state: TransfersState, action: TransfersAction): TransfersState {
  switch (action.type) {
    case 'transfer-updated': {
      const { transfer } = action
      const byId = new Map(state.byId)
      const isNew = !byId.has(transfer.id)
      byId.set(transfer.id, transfer)
      const firstSample = new Map(state.firstSample)
      if (transfer.state === 'running' && !firstSample.has(transfer.id)) {
        firstSample.set(transfer.id, { at: action.at, bytes: transfer.transferredBytes })
      }
      return { byId, order: isNew ? [transfer.id, ...state.order] : state.order, firstSample }
    }
    case 'transfers-cleared': {
      const byId = new Map(
        [...state.byId].filter(([, transfer]) => transfer.finishedAt === undefined),
      )
      return {
        byId,
        order: state.order.filter((id) => byId.has(id)),
        firstSample: new Map([...state.firstSample].filter(([id]) => byId.has(id))),
      }
    }
  }
}

export function isActive(transfer: Transfer): boolean {
  return (
    transfer.state === 'queued' || transfer.state === 'running' || transfer.state === 'verifying'
  )
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
