import { describe, expect, it } from 'vitest'
import type { Transfer } from '../../../src/shared/domain'
import {
  batchSummary,
  initialTransfers,
  paceOf,
  shownOrder,
  transfersReducer,
} from '../../../src/renderer/state/transfers'
import { summaryText } from '../../../src/renderer/transfers/transfers-panel'

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
      type: 'transfers-updated',
      at: 0,
      transfers: [transfer('aaaaaaaa', 'running')],
    })
    state = transfersReducer(state, {
      type: 'transfers-updated',
      at: 0,
      transfers: [transfer('bbbbbbbb', 'queued')],
    })
    state = transfersReducer(state, {
      type: 'transfers-updated',
      at: 0,
      transfers: [transfer('aaaaaaaa', 'done')],
    })
    expect(state.order).toEqual(['bbbbbbbb', 'aaaaaaaa'])
    expect([...state.byId.values()].map((item) => item.state)).toEqual(['done', 'queued'])
  })

  it('clears finished transfers only', () => {
    let state = transfersReducer(initialTransfers, {
      type: 'transfers-updated',
      at: 0,
      transfers: [transfer('aaaaaaaa', 'done')],
    })
    state = transfersReducer(state, {
      type: 'transfers-updated',
      at: 0,
      transfers: [transfer('bbbbbbbb', 'running')],
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
      type: 'transfers-updated',
      transfers: [running(100)],
      at: 1000,
    })
    state = transfersReducer(state, {
      type: 'transfers-updated',
      transfers: [running(300)],
      at: 3000,
    })
    expect(paceOf(state, running(300), 3000)).toEqual({ bytesPerSecond: 100, secondsLeft: 7 })
    expect(paceOf(state, running(100), 1200)).toBeUndefined()
  })

  it('times an encrypted send from its upload, not from before its encryption', () => {
    const sending = (state: Transfer['state'], bytes: number) => ({
      ...transfer('dddddddd', state),
      totalBytes: 1000,
      transferredBytes: bytes,
    })
    let state = initialTransfers
    for (const [update, at] of [
      [sending('running', 0), 0],
      [sending('encrypting', 0), 0],
      [sending('running', 0), 20_000],
      [sending('running', 400), 22_000],
    ] as const)
      state = transfersReducer(state, { type: 'transfers-updated', transfers: [update], at })
    expect(paceOf(state, sending('running', 400), 22_000)).toEqual({
      bytesPerSecond: 200,
      secondsLeft: 3,
    })
  })
})

describe('shownOrder', () => {
  it('shows running transfers first, then waiting ones in queue order, then finished newest first', () => {
    const finishedAt = (item: Transfer, at: number) => ({ ...item, finishedAt: at })
    const state = transfersReducer(initialTransfers, {
      type: 'transfers-updated',
      at: 0,
      transfers: [
        finishedAt(transfer('done-old', 'done'), 5),
        transfer('running1', 'running'),
        transfer('queued1', 'queued'),
        transfer('queued2', 'queued'),
        finishedAt(transfer('done-new', 'done'), 9),
        transfer('running2', 'verifying'),
      ],
    })
    expect(shownOrder(state).map((item) => item.id)).toEqual([
      'running1',
      'running2',
      'queued1',
      'queued2',
      'done-new',
      'done-old',
    ])
  })
})

describe('batchSummary', () => {
  it('counts done and failed, and gives the batch speed and time left', () => {
    const sized = (id: string, state: Transfer['state'], bytes: number) => ({
      ...transfer(id, state),
      totalBytes: 1000,
      transferredBytes: bytes,
    })
    let state = transfersReducer(initialTransfers, {
      type: 'transfers-updated',
      at: 1000,
      transfers: [sized('a', 'running', 0), sized('b', 'queued', 0), sized('c', 'queued', 0)],
    })
    state = transfersReducer(state, {
      type: 'transfers-updated',
      at: 3000,
      transfers: [sized('a', 'done', 1000), { ...sized('b', 'failed', 0), finishedAt: 3 }],
    })
    expect(batchSummary(state, 3000)).toEqual({
      total: 3,
      done: 1,
      failed: 1,
      active: 1,
      bytesPerSecond: 500,
      secondsLeft: 2,
    })
    expect(summaryText(batchSummary(state, 3000))).toBe(
      '1 of 3 done · 1 failed · 500 bytes/s · 2 s left',
    )
  })

  it('rounds a slow speed to whole bytes', () => {
    expect(
      summaryText({ total: 2, done: 1, failed: 0, active: 1, bytesPerSecond: 721.2230215827338 }),
    ).toBe('1 of 2 done · 721 bytes/s')
  })

  it('applies 10,000 updates that arrived together in one step', () => {
    const many = Array.from({ length: 10_000 }, (_, index) => transfer(`t${index}`, 'queued'))
    const started = performance.now()
    const state = transfersReducer(initialTransfers, {
      type: 'transfers-updated',
      at: 0,
      transfers: many,
    })
    expect(state.order).toHaveLength(10_000)
    expect(batchSummary(state, 0)).toMatchObject({ total: 10_000, done: 0, active: 10_000 })
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
