import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateEd25519 } from '../../../../src/main/core/keys/generate-key'
import { KeyVault } from '../../../../src/main/core/keys/key-vault'
import { ProxyPasswords } from '../../../../src/main/core/secrets/proxy-passwords'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { routeForProfile } from '../../../../src/main/core/sessions/route-for-profile'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import type { Credentials } from '../../../../src/main/core/sftp/credentials'
import type { ProfileId } from '../../../../src/shared/domain'
import { MemorySettings } from '../../../fixtures/memory-settings'

describe('routeForProfile', () => {
  let folder: string
  let vault: KeyVault
  let passwords: ProxyPasswords
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-route-'))
    const secrets = new MemorySecretStore()
    vault = new KeyVault(join(folder, 'keys'), secrets, new SettingsFileStore(new MemorySettings()))
    passwords = new ProxyPasswords(secrets)
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  const id = 'profile-0001' as ProfileId
  const own: Credentials = {
    kind: 'key',
    privateKey: { type: 'ssh-ed25519', data: Buffer.from('the profile key') },
  }
  const profile = (changes: object = {}) => ({
    id,
    name: 'Partner',
    proxy: { kind: 'none' } as const,
    jumps: [],
    ...changes,
  })

  it('goes straight with no proxy and no jump host', async () => {
    expect(await routeForProfile(profile(), own, vault, { proxyPasswords: passwords })).toEqual({
      kind: 'direct',
    })
  })

  it('gives a proxy login its password from the keychain, and a proxy without one no login', async () => {
    await passwords.set(id, 's3cret')
    expect(
      await routeForProfile(
        profile({ proxy: { kind: 'http', host: 'proxy', port: 3128, username: 'alice' } }),
        own,
        vault,
        { proxyPasswords: passwords },
      ),
    ).toEqual({
      kind: 'http',
      proxy: { host: 'proxy', port: 3128, login: { username: 'alice', password: 's3cret' } },
    })
    expect(
      await routeForProfile(
        profile({ proxy: { kind: 'socks5', host: 'socks', port: 1080 } }),
        own,
        vault,
        { proxyPasswords: passwords },
      ),
    ).toEqual({ kind: 'socks5', proxy: { host: 'socks', port: 1080 } })
  })

  it("hands the system's proxy lookup to the route, and says where there is none", async () => {
    const resolveProxy = async () => 'DIRECT'
    expect(
      await routeForProfile(profile({ proxy: { kind: 'system' } }), own, vault, {
        proxyPasswords: passwords,
        resolveProxy,
      }),
    ).toEqual({ kind: 'system', resolveProxy })
    await expect(
      routeForProfile(profile({ proxy: { kind: 'system' } }), own, vault, {
        proxyPasswords: passwords,
      }),
    ).rejects.toMatchObject({
      kind: 'not-supported',
      message: expect.stringContaining('only the desktop app can look up'),
    })
  })

  it('chains the jump hosts in order behind the proxy, each with its own key or the profile’s', async () => {
    const jumpKey = await vault.add(generateEd25519('jump'), { origin: 'generated' })
    const route = await routeForProfile(
      profile({
        proxy: { kind: 'socks5', host: 'socks', port: 1080 },
        jumps: [
          { host: 'first', port: 22, username: 'a', keyId: null },
          { host: 'second', port: 2222, username: 'b', keyId: jumpKey.id },
        ],
      }),
      own,
      vault,
      { proxyPasswords: passwords },
    )
    expect(route).toMatchObject({
      kind: 'jump',
      hop: { host: 'second', port: 2222, username: 'b', credentials: { kind: 'key' } },
      via: {
        kind: 'jump',
        hop: { host: 'first', port: 22, username: 'a', credentials: own },
        via: { kind: 'socks5' },
      },
    })
    if (route.kind !== 'jump') throw new Error('not a jump')
    expect(route.hop.credentials).not.toBe(own)
    const { credentials } = route.hop
    if (credentials.kind !== 'key') throw new Error('not a key')
    expect(credentials.privateKey.data.toString()).toContain('OPENSSH PRIVATE KEY')
  })

  it("says a jump host's key needs its passphrase remembered", async () => {
    const locked = await vault.add(generateEd25519('locked'), {
      origin: 'generated',
      passphrase: 'open sesame',
    })
    await expect(
      routeForProfile(
        profile({ jumps: [{ host: 'bastion', port: 22, username: 'a', keyId: locked.id }] }),
        own,
        vault,
        { proxyPasswords: passwords },
      ),
    ).rejects.toMatchObject({
      kind: 'passphrase-needed',
      message: expect.stringContaining(
        'The key of the jump host bastion is protected by a passphrase',
      ),
      detail: { jumpHost: 'bastion', jumpPort: '22' },
    })
  })
})
