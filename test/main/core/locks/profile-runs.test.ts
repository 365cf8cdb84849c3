import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ProfileLocks } from '../../../../src/main/core/locks/profile-locks'
import { ProfileRuns } from '../../../../src/main/core/locks/profile-runs'
import type { ProfileId, TransferId } from '../../../../src/shared/domain'
import { holdInAnotherProcess } from '../../../fixtures/lock-in-another-process'

const profileId = 'profile-aaaa-1111' as ProfileId
const other = 'profile-bbbb-2222' as ProfileId

/** A batch's end the test decides: `finish` resolves what the run waits on. */
function batchEnd() {
  let finish = () => {}
  const finished = new Promise<void>((resolve) => (finish = resolve))
  const asked: Array<readonly TransferId[]> = []
  return {
    finish,
    waitFor: (ids: readonly TransferId[]) => {
      asked.push(ids)
      return finished
    },
    asked,
  }
}
const started =
  (...ids: string[]) =>
  async () => ({ transferIds: ids as TransferId[] })
const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('ProfileRuns', () => {
  let folder: string
  let locks: ProfileLocks
  let runs: ProfileRuns
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-profile-runs-'))
    locks = new ProfileLocks(folder, 'pickup')
    runs = new ProfileRuns(locks)
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))
  const held = () => locks.owner(profileId)

  it('holds the lock from the first batch until its transfers have finished, then releases it', async () => {
    const end = batchEnd()
    const result = await runs.batch(
      profileId,
      'the Mailroom app',
      started('t-1', 't-2'),
      end.waitFor,
    )
    expect(result).toEqual({ transferIds: ['t-1', 't-2'] })
    expect(end.asked).toEqual([['t-1', 't-2']])
    expect(held()).toMatchObject({ pid: process.pid, by: 'the Mailroom app' })
    end.finish()
    await turn()
    expect(held()).toBeUndefined()
  })

  it('lets a second batch join the run while it lasts, under the one lock, released after the last', async () => {
    const taken = vi.spyOn(locks, 'tryAcquire')
    const first = batchEnd()
    const second = batchEnd()
    await runs.batch(profileId, 'the Mailroom app', started('t-1'), first.waitFor)
    await runs.batch(profileId, 'automatic pickup', started('t-2'), second.waitFor)
    expect(taken).toHaveBeenCalledTimes(1)
    expect(held()?.by).toBe('the Mailroom app')
    first.finish()
    await turn()
    expect(held()).toBeDefined()
    second.finish()
    await turn()
    expect(held()).toBeUndefined()
  })

  it('begin() holds the lock until ended, batches join it, and it is released once both are over', async () => {
    const taken = vi.spyOn(locks, 'tryAcquire')
    const run = runs.begin(profileId, 'mailroom pickup')
    expect(run).toBeDefined()
    expect(held()?.by).toBe('mailroom pickup')
    const end = batchEnd()
    await runs.batch(profileId, 'the Mailroom app', started('t-1'), end.waitFor)
    await runs.batch(profileId, 'the Mailroom app', started('t-2'), end.waitFor)
    expect(taken).toHaveBeenCalledTimes(1)
    end.finish()
    await turn()
    // The command has not ended its run: more mailboxes may follow.
    expect(held()?.by).toBe('mailroom pickup')
    run?.end()
    run?.end()
    expect(held()).toBeUndefined()
    // A new run takes the lock afresh.
    const again = runs.begin(profileId, 'again')
    expect(held()?.by).toBe('again')
    again?.end()
  })

  it('releases its hold when the batch fails to start', async () => {
    const failure = new Error('listing failed')
    await expect(
      runs.batch(profileId, 'app', async () => Promise.reject(failure), batchEnd().waitFor),
    ).rejects.toBe(failure)
    expect(held()).toBeUndefined()
  })

  it('keeps the runs of two profiles apart', async () => {
    const end = batchEnd()
    await runs.batch(profileId, 'app', started('t-1'), end.waitFor)
    const otherRun = runs.begin(other, 'command')
    expect(locks.owner(other)?.by).toBe('command')
    otherRun?.end()
    expect(locks.owner(other)).toBeUndefined()
    expect(held()).toBeDefined()
    end.finish()
    await turn()
    expect(held()).toBeUndefined()
  })

  it("is refused while another process holds the profile's lock, saying who", async () => {
    const holder = holdInAnotherProcess(folder, profileId)
    try {
      expect(await holder.held).toBe('HELD')
      expect(runs.begin(profileId, 'here')).toBeUndefined()
      let startedHere = false
      await expect(
        runs.batch(
          profileId,
          'here',
          async () => {
            startedHere = true
            return { transferIds: [] }
          },
          batchEnd().waitFor,
        ),
      ).rejects.toMatchObject({
        kind: 'already-exists',
        message: expect.stringContaining(
          `Another pickup of this profile is running (the test child, process ${holder.child.pid}`,
        ),
      })
      expect(startedHere).toBe(false)
    } finally {
      await holder.kill()
    }
    // Once that process is gone, a run here takes the lock.
    const run = runs.begin(profileId, 'here')
    expect(run).toBeDefined()
    run?.end()
  })

  it("frees the lock for another process once this process's run has ended", async () => {
    const run = runs.begin(profileId, 'here')
    const contender = holdInAnotherProcess(folder, profileId)
    try {
      expect(await contender.held).toBe('BUSY')
    } finally {
      await contender.kill()
    }
    run?.end()
    const next = holdInAnotherProcess(folder, profileId)
    try {
      expect(await next.held).toBe('HELD')
    } finally {
      await next.kill()
    }
  })

  it('hold() joins the run or opens one, and fails saying who holds the lock in another process', async () => {
    const run = runs.hold(profileId, 'a retry')
    expect(held()?.by).toBe('a retry')
    run.end()
    expect(held()).toBeUndefined()
    const holder = holdInAnotherProcess(folder, profileId)
    try {
      expect(await holder.held).toBe('HELD')
      expect(() => runs.hold(profileId, 'here')).toThrow(
        `Another pickup of this profile is running (the test child, process ${holder.child.pid}`,
      )
      expect(runs.heldElsewhere(profileId).kind).toBe('already-exists')
    } finally {
      await holder.kill()
    }
  })
})
