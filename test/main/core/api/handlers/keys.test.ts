import { afterEach, describe, expect, it } from 'vitest'
import type { KeyInfo } from '../../../../../src/shared/domain'
import { valueOf } from '../../../../fixtures/connected-mailroom'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

describe('the key calls', () => {
  let core: MemoryMailroom | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
  })

  it('refuses to delete a key a profile uses, naming the profiles, and deletes it once unused', async () => {
    core = memoryMailroom()
    const { app } = core
    const key = valueOf<KeyInfo>(
      await app.dispatch('keys:generate', { comment: 'shared', rememberPassphrase: false }),
    )
    const acme = await core.profile({ name: 'Acme', keyId: key.id })
    const bolt = await core.profile({ name: 'Bolt', keyId: key.id })

    expect(await app.dispatch('keys:delete', { keyId: key.id })).toEqual({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'This key is used by "Acme", "Bolt". Choose another key there first.',
      },
    })
    expect(valueOf<KeyInfo[]>(await app.dispatch('keys:list', {}))).toHaveLength(1)

    await app.dispatch('profiles:delete', { id: acme.id, deleteKey: false })
    expect(await app.dispatch('keys:delete', { keyId: key.id })).toMatchObject({
      ok: false,
      error: { message: 'This key is used by "Bolt". Choose another key there first.' },
    })
    await app.dispatch('profiles:delete', { id: bolt.id, deleteKey: false })

    expect(await app.dispatch('keys:delete', { keyId: key.id })).toEqual({ ok: true, value: null })
    expect(valueOf<KeyInfo[]>(await app.dispatch('keys:list', {}))).toEqual([])
  })

  it('generates a key without a passphrase that lists as generated, with its public half only', async () => {
    core = memoryMailroom()
    const key = valueOf<KeyInfo>(
      await core.app.dispatch('keys:generate', { comment: 'ops', rememberPassphrase: false }),
    )
    expect(key).toMatchObject({ type: 'ssh-ed25519', origin: 'generated', encrypted: false })
    expect(JSON.stringify(await core.app.dispatch('keys:list', {}))).not.toContain('PRIVATE')
  })
})
