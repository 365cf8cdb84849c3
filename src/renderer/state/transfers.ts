import type { Transfer, TransferId } from '../../shared/domain'

/** The renderer's copy of the transfers, built from `transfer:update` events. */
export interface TransfersState {
  readonly byId: ReadonlyMap<TransferId, Transfer>
  /** Newest first. */
  readonly order: readonly TransferId[]
}

export type TransfersAction =
  | { readonly type: 'transfer-updated'; readonly transfer: Transfer }
  | { readonly type: 'transfers-cleared' }

export const initialTransfers: TransfersState = { byId: new Map(), order: [] }

export function transfersReducer(state: TransfersState, action: TransfersAction): TransfersState {
  switch (action.type) {
    case 'transfer-updated': {
      const byId = new Map(state.byId)
      const isNew = !byId.has(action.transfer.id)
      byId.set(action.transfer.id, action.transfer)
      return { byId, order: isNew ? [action.transfer.id, ...state.order] : state.order }
    }
    case 'transfers-cleared': {
      const byId = new Map(
        [...state.byId].filter(([, transfer]) => transfer.finishedAt === undefined),
      )
      return { byId, order: state.order.filter((id) => byId.has(id)) }
    }
  }
}

export function isActive(transfer: Transfer): boolean {
  return (
    transfer.state === 'queued' || transfer.state === 'running' || transfer.state === 'verifying'
  )
}
