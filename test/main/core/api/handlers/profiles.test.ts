import { afterEach, describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../../src/main/core/errors'
import { MemorySecretStore } from '../../../../../src/main/core/secrets/secret-store'
import type { KeyInfo, Profile } from '../../../../../src/shared/domain'
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

  describe("a proxy login's password", () => {
    const proxied = {
      proxy: { kind: 'socks5', host: 'proxy.corp', port: 1080, username: 'alice' },
    } as const
    const input = (changes: object = {}) => ({
      name: 'Proxied',
      preset: 'generic',
      group: '',
      host: '127.0.0.1',
      port: 22,
      username: 'someone',
      keyId: null,
      ...proxied,
      ...changes,
    })

    it('is kept in the keychain, never in the profile, and said to be there', async () => {
      const secrets = new MemorySecretStore()
      core = memoryMailroom(undefined, secrets)
      const saved = valueOf<Profile>(
        await core.app.dispatch('profiles:save', { profile: input(), proxyPassword: 's3cret' }),
      )
      expect(JSON.stringify(saved)).not.toContain('s3cret')
      expect(JSON.stringify(valueOf(await core.app.dispatch('profiles:list', {})))).not.toContain(
        's3cret',
      )
      expect(await secrets.get(`proxy-password:${saved.id}`)).toBe('s3cret')
      expect(await core.app.dispatch('profiles:stored-secrets', { id: saved.id })).toEqual({
        ok: true,
        value: { proxyPassword: true },
      })
      // Saved again without a password: it stays; with null: it is forgotten.
      await core.app.dispatch('profiles:save', { id: saved.id, profile: input({ name: 'Again' }) })
      expect(await secrets.get(`proxy-password:${saved.id}`)).toBe('s3cret')
      await core.app.dispatch('profiles:save', {
        id: saved.id,
        profile: input(),
        proxyPassword: null,
      })
      expect(await secrets.get(`proxy-password:${saved.id}`)).toBeNull()
    })

    it('goes with a clone, is forgotten with the proxy login and with the profile', async () => {
      const secrets = new MemorySecretStore()
      core = memoryMailroom(undefined, secrets)
      const saved = valueOf<Profile>(
        await core.app.dispatch('profiles:save', { profile: input(), proxyPassword: 's3cret' }),
      )
      const copy = valueOf<Profile>(await core.app.dispatch('profiles:clone', { id: saved.id }))
      expect(await secrets.get(`proxy-password:${copy.id}`)).toBe('s3cret')
      await core.app.dispatch('profiles:save', {
        id: copy.id,
        profile: input({ proxy: { kind: 'none' } }),
      })
      expect(await secrets.get(`proxy-password:${copy.id}`)).toBeNull()
      await core.app.dispatch('profiles:delete', { id: saved.id, deleteKey: false })
      expect(await secrets.get(`proxy-password:${saved.id}`)).toBeNull()
    })

    it('is refused without a proxy user name', async () => {
      core = memoryMailroom()
      expect(
        await core.app.dispatch('profiles:save', {
          profile: input({ proxy: { kind: 'http', host: 'proxy.corp', port: 3128 } }),
          proxyPassword: 's3cret',
        }),
      ).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
      expect(valueOf<unknown[]>(await core.app.dispatch('profiles:list', {}))).toEqual([])
    })

    it('leaves nothing stored half-way when the keychain fails: no new profile, the edited one as it was', async () => {
      const secrets = new (class extends MemorySecretStore {
        failing = false
        override async set(account: string, secret: string): Promise<void> {
          if (this.failing)
            throw new MailroomError('keychain-unavailable', 'The keychain is locked.')
          return super.set(account, secret)
        }
      })()
      core = memoryMailroom(undefined, secrets)
      const saved = valueOf<Profile>(
        await core.app.dispatch('profiles:save', { profile: input(), proxyPassword: 'first' }),
      )
      secrets.failing = true
      expect(
        await core.app.dispatch('profiles:save', {
          profile: input({ name: 'Second' }),
          proxyPassword: 's3cret',
        }),
      ).toMatchObject({ ok: false, error: { kind: 'keychain-unavailable' } })
      expect(
        await core.app.dispatch('profiles:save', {
          id: saved.id,
          profile: input({ name: 'Renamed', proxy: { ...proxied.proxy, username: 'bob' } }),
          proxyPassword: 'other',
        }),
      ).toMatchObject({ ok: false, error: { kind: 'keychain-unavailable' } })
      expect(valueOf<Profile[]>(await core.app.dispatch('profiles:list', {}))).toEqual([saved])
      expect(await secrets.get(`proxy-password:${saved.id}`)).toBe('first')
    })
  })

  it("tells and forgets a jump host's trusted key by its host and port, and only a jump host's", async () => {
    core = memoryMailroom()
    const saved = await core.profile({
      jumps: [{ host: 'bastion', port: 2222, username: 'me', keyId: null }],
    })
    const server = { host: 'bastion', port: 2222 }
    expect(await core.app.dispatch('profiles:trusted-host-key', { id: saved.id, server })).toEqual({
      ok: true,
      value: null,
    })
    expect(
      await core.app.dispatch('profiles:forget-host-key', {
        id: saved.id,
        server: { host: 'elsewhere', port: 22 },
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: expect.stringContaining('nor one of its jump hosts') },
    })
    expect(await core.app.dispatch('profiles:forget-host-key', { id: saved.id, server })).toEqual({
      ok: true,
      value: null,
    })
  })
})
