import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../../src/main/core/api/event-bus'
import { MailroomError } from '../../../../src/main/core/errors'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { TransferQueue, type TransferSpec } from '../../../../src/main/core/transfer/transfer-queue'
import type { ProfileId, Transfer } from '../../../../src/shared/domain'
import { remotePath } from '../../../../src/shared/remote-path'

function setup() {
  const events = new EventBus()
  const updates: Transfer[] = []
  events.subscribe((event) => event.name === 'transfer:update' && updates.push(event.payload))
  return { queue: new TransferQueue(events, silentLogger), updates }
}

const spec = (name: string, run: TransferSpec['run']): TransferSpec => ({
  profileId: 'profile-0001' as ProfileId,
  direction: 'upload',
  name,
  remotePath: remotePath.parse(`input/${name}`),
  localPath: `/tmp/${name}`,
  totalBytes: 100,
  run,
})

describe('TransferQueue', () => {
  it('reports queued, running, progress and done', async () => {
    const { queue, updates } = setup()
    const id = queue.enqueue(
      spec('a.pdf', async (control) => {
        control.progress(100, 100)
        control.verifying()
      }),
    )
    await queue.idle()
    const states = updates.filter((update) => update.id === id).map((update) => update.state)
    expect(states[0]).toBe('queued')
    expect(states).toContain('running')
    expect(states).toContain('verifying')
    expect(states.at(-1)).toBe('done')
    expect(queue.list()[0]).toMatchObject({ transferredBytes: 100, state: 'done' })
  })

  it('keeps the error of a failed job for the UI', async () => {
    const { queue } = setup()
    queue.enqueue(
      spec('b.pdf', async () => {
        throw new MailroomError('permission-denied', 'No write access to input.')
      }),
    )
    await queue.idle()
    expect(queue.list()[0]).toMatchObject({
      state: 'failed',
      error: { kind: 'permission-denied', message: 'No write access to input.' },
    })
  })

  it('runs at most three at once and cancels one that waits', async () => {
    const { queue } = setup()
    let running = 0
    let most = 0
    const slow = async () => {
      running += 1
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 30))
      running -= 1
    }
    const ids = ['1', '2', '3', '4', '5'].map((name) => queue.enqueue(spec(`${name}.pdf`, slow)))
    const last = ids.at(-1)
    if (last) queue.cancel(last)
    await queue.idle()
    expect(most).toBe(3)
    expect(queue.list().map((transfer) => transfer.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'cancelled',
    ])
  })

  it('cancels a running job through its signal', async () => {
    const { queue } = setup()
    const id = queue.enqueue(
      spec(
        'c.pdf',
        (control) =>
          new Promise((_, reject) =>
            control.signal.addEventListener('abort', () =>
              reject(new MailroomError('cancelled', 'Cancelled.')),
            ),
          ),
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, 10))
    queue.cancel(id)
    await queue.idle()
    expect(queue.list()[0]?.state).toBe('cancelled')
  })
})
