import { afterEach, describe, expect, it } from 'vitest'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

// Connecting to a real server is in test/integration (mailroom-flow, host-keys, reconnect).
describe('the session calls without a server', () => {
  let core: MemoryMailroom | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
  })

  it('refuses to open a profile that does not exist', async () => {
    core = memoryMailroom()
    expect(
      await core.app.dispatch('session:open', {
        profileId: '00000000-0000-0000-0000-000000000000',
      }),
    ).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })

  it('closes a profile that is not connected without complaint', async () => {
    core = memoryMailroom()
    const { id: profileId } = await core.profile()
    expect(await core.app.dispatch('session:close', { profileId })).toEqual({
      ok: true,
      value: null,
    })
  })
})
