import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Profile } from '../../src/shared/domain'
import { connectedMailroom, valueOf } from '../fixtures/connected-mailroom'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** Several profiles on one gateway never open more connections than it allows. */
describe('connection limits against sshd', () => {
  let server: TestSshd
  beforeAll(async () => {
    server = await startSshd()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('opens at most 3 new connections a "minute" to one host, the 4th once the minute allows', async () => {
    const minuteMs = 2_000
    const context = await connectedMailroom(
      server,
      {},
      { connectionLimits: { perMinute: 3, open: 20, minuteMs } },
    )
    try {
      const others = await Promise.all(
        ['Second', 'Third', 'Fourth'].map(async (name) =>
          valueOf<Profile>(
            await context.app.dispatch('profiles:save', {
              profile: { ...context.profile, id: undefined, name },
            }),
          ),
        ),
      )
      const started = Date.now()
      const openedAfter = await Promise.all(
        [context.profile, ...others].map(async (profile) => {
          valueOf(await context.app.dispatch('session:open', { profileId: profile.id }))
          return Date.now() - started
        }),
      )
      const [, , third, fourth] = [...openedAfter].sort((a, b) => a - b)
      // Three at once; the fourth waits until the first start has left the minute.
      expect(third).toBeLessThan(minuteMs)
      expect(fourth).toBeGreaterThanOrEqual(minuteMs)
    } finally {
      await context.close()
    }
  })
})
