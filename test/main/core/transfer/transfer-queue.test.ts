import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { EventBus } from '../../../../src/main/core/events/event-bus'
import { MailroomError } from '../../../../src/main/core/errors'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { DEFAULT_BUDGET } from '../../../../src/main/core/transfer/engine/transfer-budget'
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

  it('shows a step on the file (encrypting) at once, its progress at most ten times a second, and drops it once the bytes move', async () => {
    // The clock stands still, as it would if the machine were never busy: the tick is exact.
    vi.useFakeTimers({ toFake: ['Date'] })
    onTestFinished(() => void vi.useRealTimers())
    const { queue, updates } = setup()
    const id = queue.enqueue(
      spec('a.pdf', async (control) => {
        control.working('encrypting', 0, 1_000)
        for (let done = 1; done < 1_000; done += 1) control.working('encrypting', done, 1_000)
        control.working('encrypting', 1_000, 1_000)
        control.progress(10, 120)
        control.progress(120, 120)
        control.verifying()
      }),
    )
    await queue.idle()
    const mine = updates.filter((update) => update.id === id)
    const encrypting = mine.filter((update) => update.state === 'encrypting')
    // The first, and the last (complete); the 998 in between fall within one 100 ms tick.
    expect(encrypting.map((update) => update.work)).toEqual([
      { doneBytes: 0, totalBytes: 1_000 },
      { doneBytes: 1_000, totalBytes: 1_000 },
    ])
    const after = mine.slice(mine.lastIndexOf(encrypting.at(-1) as Transfer) + 1)
    expect(after[0]).toMatchObject({ state: 'running', transferredBytes: 10, totalBytes: 120 })
    expect(after.every((update) => update.work === undefined)).toBe(true)
    expect(queue.list()[0]).toMatchObject({ state: 'done', transferredBytes: 120 })
  })

  it('a late progress report does not take a transfer back from verifying to running', async () => {
    const { queue, updates } = setup()
    const id = queue.enqueue(
      spec('a.pdf', async (control) => {
        control.progress(100, 100)
        control.verifying()
        control.progress(100, 100)
      }),
    )
    await queue.idle()
    const states = updates.filter((update) => update.id === id).map((update) => update.state)
    expect(states.slice(states.indexOf('verifying'))).toEqual(['verifying', 'verifying', 'done'])
  })

  it('lists a send recovered after a crash as already ended, and its Retry runs its job anew', async () => {
    const { queue, updates } = setup()
    let ran = 0
    const id = queue.addRecovered(
      spec('a.pdf', async () => {
        ran += 1
      }),
      { state: 'failed', error: { kind: 'interrupted', message: 'Not sent.' } },
      1_000,
    )
    expect(updates).toMatchObject([
      { id, state: 'failed', recovered: true, startedAt: 1_000, error: { kind: 'interrupted' } },
    ])
    expect(updates[0]?.finishedAt).toBeDefined()
    expect(ran).toBe(0)
    const again = queue.retry(id)
    await queue.whenFinished([again])
    expect(ran).toBe(1)
    expect(queue.list().find((transfer) => transfer.id === again)).toMatchObject({ state: 'done' })
    expect(queue.list().find((transfer) => transfer.id === again)?.recovered).toBeUndefined()
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

  /** A job that counts how many run at once, and when each started. */
  const counting = () => {
    const started: string[] = []
    let running = 0
    let most = 0
    const job = (name: string) => async () => {
      started.push(name)
      running += 1
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 30))
      running -= 1
    }
    return { job, started, most: () => most }
  }

  it("runs as many small files at once as the budget's file count, and cancels one that waits", async () => {
    const { queue } = setup()
    const { job, most } = counting()
    const names = Array.from({ length: DEFAULT_BUDGET.files + 4 }, (_, index) => `${index}.pdf`)
    const ids = names.map((name) => queue.enqueue(spec(name, job(name))))
    const last = ids.at(-1)
    if (last) queue.cancel(last)
    await queue.idle()
    expect(most()).toBe(DEFAULT_BUDGET.files)
    expect(queue.list().map((transfer) => transfer.state)).toEqual([
      ...names.slice(0, -1).map(() => 'done'),
      'cancelled',
    ])
  })

  it("gives each profile's connection its own budget of files", async () => {
    const queue = new TransferQueue(new EventBus(), silentLogger, { files: 2, bytes: 1024 ** 3 })
    const running = new Map<string, number>()
    const most = new Map<string, number>()
    const job = (profile: string) => async () => {
      running.set(profile, (running.get(profile) ?? 0) + 1)
      most.set(profile, Math.max(most.get(profile) ?? 0, running.get(profile) ?? 0))
      await new Promise((resolve) => setTimeout(resolve, 30))
      running.set(profile, (running.get(profile) ?? 1) - 1)
    }
    for (const profile of ['profile-aaaa', 'profile-bbbb'])
      for (let index = 0; index < 4; index += 1)
        queue.enqueue({
          ...spec(`${profile}-${index}`, job(profile)),
          profileId: profile as ProfileId,
        })
    await queue.idle()
    expect(Object.fromEntries(most)).toEqual({ 'profile-aaaa': 2, 'profile-bbbb': 2 })
  })

  it("reserves what each direction's pipeline holds: a download's channels more than an upload", async () => {
    const events = new EventBus()
    const budget = { files: 16, bytes: 32 * 1024 * 1024 }
    const run = async (direction: TransferSpec['direction']) => {
      const queue = new TransferQueue(events, silentLogger, budget)
      const { job, most } = counting()
      for (const name of ['a', 'b'])
        queue.enqueue({ ...spec(name, job(name)), direction, totalBytes: 64 * 1024 * 1024 })
      await queue.idle()
      return most()
    }
    expect(await run('pickup')).toBe(1) // 17 MiB each: two do not fit in 32
    expect(await run('upload')).toBe(2) // 5 MiB each
  })

  it('runs one file at a time for a transfer that asks for it (conservative mode)', async () => {
    const { queue } = setup()
    const { job, most, started } = counting()
    for (let index = 0; index < 5; index += 1)
      queue.enqueue({ ...spec(`${index}.pdf`, job(`${index}.pdf`)), filesInFlight: 1 })
    await queue.idle()
    expect(most()).toBe(1)
    expect(started).toEqual(['0.pdf', '1.pdf', '2.pdf', '3.pdf', '4.pdf'])
  })

  it('shows a dropped transfer as reconnecting until its progress moves again', async () => {
    const { queue, updates } = setup()
    const id = queue.enqueue(
      spec('c.pdf', async (control) => {
        control.progress(40, 100)
        control.reconnecting()
        control.progress(60, 100)
      }),
    )
    await queue.idle()
    const states = updates.filter((update) => update.id === id).map((update) => update.state)
    expect(states.slice(states.indexOf('reconnecting'))).toEqual([
      'reconnecting',
      'running',
      'done',
    ])
  })

  it('keeps the bytes in flight within the budget, in order, and runs a file larger than it alone', async () => {
    const events = new EventBus()
    const queue = new TransferQueue(events, silentLogger, { files: 16, bytes: 8 * 1024 * 1024 })
    const { job, started, most } = counting()
    const large = (name: string, totalBytes: number) => ({ ...spec(name, job(name)), totalBytes })
    for (const name of ['a', 'b', 'c', 'd']) queue.enqueue(large(name, 4 * 1024 * 1024))
    queue.enqueue(large('small', 10 * 1024))
    await queue.idle()
    expect(most()).toBe(2)
    expect(started).toEqual(['a', 'b', 'c', 'd', 'small'])

    // A budget smaller than one file's pipeline: each such file still runs, one at a time.
    const tight = new TransferQueue(events, silentLogger, { files: 16, bytes: 1024 * 1024 })
    const alone = counting()
    for (const name of ['x', 'y'])
      tight.enqueue({ ...spec(name, alone.job(name)), totalBytes: 1024 ** 3 })
    await tight.idle()
    expect(alone.most()).toBe(1)
    expect(tight.list().map((transfer) => transfer.state)).toEqual(['done', 'done'])
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
