import { describe, expect, it } from 'vitest'
import { coalescingTransferUpdates } from '../../../../src/main/core/events/coalesced-events'
import type { ApiEvent } from '../../../../src/shared/transport'

const update = (id: string, state: string, transferredBytes = 0) =>
  ({ name: 'transfer:update', payload: { id, state, transferredBytes } }) as unknown as ApiEvent

describe('coalescingTransferUpdates', () => {
  it("sends each transfer's latest state once per interval, in first-seen order", async () => {
    const sent: ApiEvent[] = []
    const { listener } = coalescingTransferUpdates((events) => sent.push(...events), 20)
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

  it('holds session log entries with the updates, every one of them, in order', async () => {
    const sent: ApiEvent[] = []
    const { listener } = coalescingTransferUpdates((events) => sent.push(...events), 20)
    const entry = (id: number) =>
      ({ name: 'log:entry', payload: { id, message: `entry ${id}` } }) as unknown as ApiEvent
    listener(update('a', 'running'))
    listener(entry(1))
    listener(update('a', 'done'))
    listener(entry(2))
    expect(sent).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(sent).toEqual([update('a', 'done'), entry(1), entry(2)])
  })

  it('sends what an interval held as one message, and an urgent event with what came before it', async () => {
    const messages: ApiEvent[][] = []
    const { listener } = coalescingTransferUpdates((events) => messages.push([...events]), 20)
    for (let index = 0; index < 100; index += 1) listener(update(`t${index}`, 'done'))
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(messages.map((message) => message.length)).toEqual([100])
    listener(update('late', 'running'))
    const closed = { name: 'session:closed', payload: { profileId: 'p' } } as unknown as ApiEvent
    listener(closed)
    expect(messages.at(-1)).toEqual([update('late', 'running'), closed])
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(messages).toHaveLength(2)
  })

  it('lets any other event through at once, after the updates held before it', () => {
    const sent: ApiEvent[] = []
    const { listener, stop } = coalescingTransferUpdates((events) => sent.push(...events), 1000)
    listener(update('a', 'failed'))
    const closed = { name: 'session:closed', payload: { profileId: 'p' } } as unknown as ApiEvent
    listener(closed)
    expect(sent).toEqual([update('a', 'failed'), closed])
    listener(update('a', 'running'))
    stop()
    expect(sent).toHaveLength(2)
  })
})
