import { describe, expect, it } from 'vitest'
import type { Transfer } from '../../../src/shared/domain'
import { initialTransfers, paceOf, transfersReducer } from '../../../src/renderer/state/transfers'

const transfer = (id: string, state: Transfer['state']): Transfer =>
  ({
    id,
    profileId: 'profile-1',
    direction: 'upload',
    name: `${id}.pdf`,
    remotePath: `input/${id}.pdf`,
    localPath: `/tmp/${id}.pdf`,
    totalBytes: 10,
    transferredBytes: state === 'done' ? 10 : 0,
    state,
    startedAt: 1,
    ...(state === 'done' ? { finishedAt: 2 } : {}),
  }) as Transfer

describe('transfersReducer', () => {
  it('lists new transfers first and updates them in place', () => {
    let state = transfersReducer(initialTransfers, {
      type: 'transfer-updated',
      at: 0,
      transfer: transfer('aaaaaaaa', 'running'),
    })
    state = transfersReducer(state, {
      type: 'transfer-updated',
      at: 0,
      transfer: transfer('bbbbbbbb', 'queued'),
    })
    state = transfersReducer(state, {
      type: 'transfer-updated',
      at: 0,
      transfer: transfer('aaaaaaaa', 'done'),
    })
    expect(state.order).toEqual(['bbbbbbbb', 'aaaaaaaa'])
    expect([...state.byId.values()].map((item) => item.state)).toEqual(['done', 'queued'])
  })

  it('clears finished transfers only', () => {
    let state = transfersReducer(initialTransfers, {
      type: 'transfer-updated',
      at: 0,
      transfer: transfer('aaaaaaaa', 'done'),
    })
    state = transfersReducer(state, {
      type: 'transfer-updated',
      at: 0,
      transfer: transfer('bbbbbbbb', 'running'),
    })
    state = transfersReducer(state, { type: 'transfers-cleared' })
    expect(state.order).toEqual(['bbbbbbbb'])
  })
})

describe('paceOf', () => {
  it('gives the speed since the transfer started moving and the time left at that pace', () => {
    const running = (bytes: number) => ({
      ...transfer('cccccccc', 'running'),
      totalBytes: 1000,
      transferredBytes: bytes,
    })
    let state = transfersReducer(initialTransfers, {
      type: 'transfer-updated',
      transfer: running(100),
      at: 1000,
    })
    state = transfersReducer(state, { type: 'transfer-updated', transfer: running(300), at: 3000 })
    expect(paceOf(state, running(300), 3000)).toEqual({ bytesPerSecond: 100, secondsLeft: 7 })
    expect(paceOf(state, running(100), 1200)).toBeUndefined()
  })
})
