import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProfileLocks } from '../../../../src/main/core/locks/profile-locks'
import type { ProfileId } from '../../../../src/shared/domain'
import { holdInAnotherProcess } from '../../../fixtures/lock-in-another-process'

const profileId = 'profile-aaaa-1111' as ProfileId
const other = 'profile-bbbb-2222' as ProfileId

describe('ProfileLocks', () => {
  let folder: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-locks-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  it('is shared inside one process and free again once every holder released it', () => {
    const locks = new ProfileLocks(folder, 'pickup')
    const first = locks.tryAcquire(profileId, 'a')
    const second = new ProfileLocks(folder, 'pickup').tryAcquire(profileId, 'b')
    expect(first).toBeDefined()
    expect(second).toBeDefined()
    expect(locks.owner(profileId)).toMatchObject({ pid: process.pid, by: 'a' })
    first?.release()
    first?.release()
    expect(locks.owner(profileId)).toBeDefined()
    second?.release()
    expect(locks.owner(profileId)).toBeUndefined()
  })

  it('keeps other processes out, per profile, and a killed holder leaves it free', async () => {
    const locks = new ProfileLocks(folder, 'pickup')
    const holder = holdInAnotherProcess(folder, profileId)
    try {
      expect(await holder.held).toBe('HELD')
      expect(locks.tryAcquire(profileId, 'here')).toBeUndefined()
      expect(() => locks.acquire(profileId, 'here')).toThrow(
        `Another pickup of this profile is running (the test child, process ${holder.child.pid}`,
      )
      const unrelated = locks.tryAcquire(other, 'here')
      expect(unrelated).toBeDefined()
      unrelated?.release()
    } finally {
      await holder.kill()
    }
    // The owner file is stale (SIGKILL ran no cleanup), but the OS lock decides.
    expect(locks.owner(profileId)?.pid).toBe(holder.child.pid)
    const lock = locks.tryAcquire(profileId, 'here')
    expect(lock).toBeDefined()
    expect(locks.owner(profileId)).toMatchObject({ pid: process.pid, by: 'here' })
    lock?.release()
  })

  it('a process that holds it shuts the next one out until it releases', async () => {
    const locks = new ProfileLocks(folder, 'pickup')
    const lock = locks.acquire(profileId, 'here')
    const contender = holdInAnotherProcess(folder, profileId)
    try {
      expect(await contender.held).toBe('BUSY')
    } finally {
      await contender.kill()
    }
    lock.release()
  })

  it("keeps a profile's sends apart from its pickups: each activity has a lock of its own", async () => {
    const sends = new ProfileLocks(folder, 'send')
    const pickupHolder = holdInAnotherProcess(folder, profileId, 'pickup')
    const sendHolder = holdInAnotherProcess(folder, other, 'send')
    try {
      expect(await pickupHolder.held).toBe('HELD')
      expect(await sendHolder.held).toBe('HELD')
      // Another process picking the profile up does not stop a send of it here.
      const send = sends.tryAcquire(profileId, 'here')
      expect(send).toBeDefined()
      send?.release()
      expect(() => sends.acquire(other, 'here')).toThrow(
        `Another send of this profile is running (the test child, process ${sendHolder.child.pid}`,
      )
      const pickup = new ProfileLocks(folder, 'pickup').tryAcquire(other, 'here')
      expect(pickup).toBeDefined()
      pickup?.release()
    } finally {
      await pickupHolder.kill()
      await sendHolder.kill()
    }
  })
})
