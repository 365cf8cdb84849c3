import { describe, expect, it } from 'vitest'
import type { Transfer } from '../../../src/shared/domain'
import {
  initialTransfers,
  isActive,
  shownOrder,
  transfersReducer,
} from '../../../src/renderer/state/transfers'
import { percentOf, statusText } from '../../../src/renderer/transfers/transfer-status'
import { transferRow } from '../../fixtures/transfer-row'

const MIB = 1024 * 1024

const status = (shown: Transfer) => statusText(shown, initialTransfers, 10_000, undefined)

describe('a transfer encrypting or decrypting (OpenPGP)', () => {
  it('says the step and how far it got, and fills the bar by the step, not by the bytes moved', () => {
    const encrypting = transferRow({
      state: 'encrypting',
      work: { doneBytes: 25 * MIB, totalBytes: 100 * MIB },
    })
    expect(status(encrypting)).toBe('Encrypting… 25 MB of 100 MB, then sending')
    expect(percentOf(encrypting)).toBe(25)
    const decrypting = transferRow({
      direction: 'pickup',
      state: 'decrypting',
      transferredBytes: 100 * MIB,
      work: { doneBytes: 75 * MIB, totalBytes: 100 * MIB },
    })
    expect(status(decrypting)).toBe('Decrypting… 75 MB of 100 MB')
    expect(percentOf(decrypting)).toBe(75)
  })

  it('is under way: listed with the running ones and cancellable', () => {
    const encrypting = transferRow({ id: 'encrypting' as Transfer['id'], state: 'encrypting' })
    const waiting = transferRow({ id: 'waiting1' as Transfer['id'], state: 'queued' })
    const done = transferRow({ id: 'finished' as Transfer['id'], state: 'done', finishedAt: 2 })
    expect(isActive(encrypting)).toBe(true)
    expect(isActive(transferRow({ state: 'decrypting' }))).toBe(true)
    expect(isActive(done)).toBe(false)
    const state = transfersReducer(initialTransfers, {
      type: 'transfers-updated',
      at: 0,
      transfers: [done, waiting, encrypting],
    })
    expect(shownOrder(state).map((shown) => shown.id)).toEqual([
      'encrypting',
      'waiting1',
      'finished',
    ])
  })

  it('before the first count, says 0 of the file, not nothing', () => {
    expect(status(transferRow({ state: 'encrypting' }))).toBe(
      'Encrypting… 0 bytes of 100 MB, then sending',
    )
  })

  it('moving bytes: the bar follows the bytes moved again', () => {
    expect(percentOf(transferRow({ transferredBytes: 10 * MIB }))).toBe(10)
    expect(percentOf(transferRow({ totalBytes: 0, state: 'done' }))).toBe(100)
  })
})
