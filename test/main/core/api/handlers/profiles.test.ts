import { afterEach, describe, expect, it } from 'vitest'
import type { KeyInfo } from '../../../../../src/shared/domain'
import { valueOf } from '../../../../fixtures/connected-mailroom'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

describe('the profile calls', () => {
  let core: MemoryMailroom | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
  })
  const keyIds = async (mailroom: MemoryMailroom) =>
    valueOf<KeyInfo[]>(await mailroom.app.dispatch('keys:list', {})).map((key) => key.id)
  const generated = async (mailroom: MemoryMailroom) =>
    valueOf<KeyInfo>(
      await mailroom.app.dispatch('keys:generate', { comment: 'test', rememberPassphrase: false }),
    )

  it("deletes the profile's key with it when asked and no other profile uses it", async () => {
    core = memoryMailroom()
    const key = await generated(core)
    const first = await core.profile({ name: 'First', keyId: key.id })
    const second = await core.profile({ name: 'Second', keyId: key.id })

    expect(await core.app.dispatch('profiles:delete', { id: first.id, deleteKey: true })).toEqual({
      ok: true,
      value: null,
    })
    // Still used by the second profile: kept.
    expect(await keyIds(core)).toEqual([key.id])

    await core.app.dispatch('profiles:delete', { id: second.id, deleteKey: true })
    expect(await keyIds(core)).toEqual([])
    expect(valueOf<unknown[]>(await core.app.dispatch('profiles:list', {}))).toEqual([])
  })

  it('keeps the key when the person does not ask to delete it', async () => {
    core = memoryMailroom()
    const key = await generated(core)
    const only = await core.profile({ keyId: key.id })
    await core.app.dispatch('profiles:delete', { id: only.id, deleteKey: false })
    expect(await keyIds(core)).toEqual([key.id])
  })

  it('refuses to save a profile with a key that is not stored, and to delete an unknown one', async () => {
    core = memoryMailroom()
    expect(
      await core.app.dispatch('profiles:save', {
        profile: {
          name: 'x',
          preset: 'generic',
          group: '',
          host: '127.0.0.1',
          port: 22,
          username: 'someone',
          keyId: '00000000-0000-0000-0000-000000000000',
        },
      }),
    ).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    expect(
      await core.app.dispatch('profiles:delete', {
        id: '00000000-0000-0000-0000-000000000000',
        deleteKey: true,
      }),
    ).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })

  it('says no host key is trusted for a profile that never connected', async () => {
    core = memoryMailroom()
    const saved = await core.profile()
    expect(await core.app.dispatch('profiles:trusted-host-key', { id: saved.id })).toEqual({
      ok: true,
      value: null,
    })
  })
})
