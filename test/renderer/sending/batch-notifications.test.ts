import { describe, expect, it } from 'vitest'
import { batchOutcome } from '../../../src/renderer/sending/batch-notifications'
import type { Transfer, TransferId } from '../../../src/shared/domain'

const transfer = (id: string, state: Transfer['state']) =>
  [
    id as TransferId,
    { id, state, ...(state === 'running' ? {} : { finishedAt: 2 }) } as unknown as Transfer,
  ] as const

describe('batchOutcome', () => {
  const batch = { ids: ['a', 'b'] as TransferId[], mailboxName: 'DemoAS2 outbox' }

  it('says nothing while a transfer of the batch still runs', () => {
    expect(
      batchOutcome(batch, new Map([transfer('a', 'done'), transfer('b', 'running')])),
    ).toBeUndefined()
  })

  it('announces a batch sent in full', () => {
    expect(batchOutcome(batch, new Map([transfer('a', 'done'), transfer('b', 'done')]))).toEqual({
      title: 'Sent',
      body: '2 files sent to DemoAS2 outbox.',
    })
  })

  it('announces failures', () => {
    expect(batchOutcome(batch, new Map([transfer('a', 'done'), transfer('b', 'failed')]))).toEqual({
      title: 'Sending failed',
      body: '1 file of 2 could not be sent to DemoAS2 outbox. See Transfers.',
    })
  })
})
