import { describe, expect, it } from 'vitest'
import { coalescingTransferUpdates } from '../../../../src/main/core/api/coalesced-events'
import type { ApiEvent } from '../../../../src/shared/transport'

const update = (id: string, state: string, transferredBytes = 0) =>
  ({ name: 'transfer:update', payload: { id, state, transferredBytes } }) as unknown as ApiEvent

describe('coalescingTransferUpdates', () => {
  it("sends each transfer's latest state once per interval, in first-seen order", async () => {
    const sent: ApiEvent[] = []
    const { listener } = coalescingTransferUpdates((event) => sent.push(event), 20)
    for (const state of ['queued', 'running', 'verifying', 'done']) listener(update('a', state))
    listener(update('b', 'queued'))
    listener(update('b', 'running'))
    expect(sent).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(sent.map((event) => event.name === 'transfer:update' && event.payload.state)).toEqual([
      'done',
      'running',
    ])
  })

  it('lets any other event through at once, after the updates held before it', () => {
    const sent: ApiEvent[] = []
    const { listener, stop } = coalescingTransferUpdates((event) => sent.push(event), 1000)
    listener(update('a', 'failed'))
    const closed = { name: 'session:closed', payload: { profileId: 'p' } } as unknown as ApiEvent
    listener(closed)
    expect(sent).toEqual([update('a', 'failed'), closed])
    listener(update('a', 'running'))
    stop()
    expect(sent).toHaveLength(2)
  })
})
