import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  generateEd25519,
  generateEd25519KeyFile,
} from '../../../../src/main/core/keys/generate-key'
import { KeyVault } from '../../../../src/main/core/keys/key-vault'
import { ProfilePasswords } from '../../../../src/main/core/secrets/profile-passwords'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import type { CredentialSources } from '../../../../src/main/core/sessions/credentials-for-profile'
import { loginForProfile } from '../../../../src/main/core/sessions/login-for-profile'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import type { KeyId, ProfileId } from '../../../../src/shared/domain'
import { MemorySettings } from '../../../fixtures/memory-settings'

describe('loginForProfile', () => {
  let folder: string
  let vault: KeyVault
  let sources: CredentialSources
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-login-'))
    vault = new KeyVault(
      join(folder, 'keys'),
      new MemorySecretStore(),
      new SettingsFileStore(new MemorySettings()),
    )
    sources = {
      keys: vault,
      passwords: new ProfilePasswords(new MemorySecretStore()),
      questions: { ask: async () => [] },
      agents: () => [],
    }
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))
  // A profile that logs in with its key over a direct connection, as every profile did before.
  const plain = {
    id: 'profile-0001' as ProfileId,
    host: 'sftp.test',
    port: 22,
    username: 'someone',
    auth: { method: 'key' } as const,
    proxy: { kind: 'none' } as const,
    jumps: [],
  }

  it("logs in with the profile's stored key, over the direct route", async () => {
    const info = await vault.add(generateEd25519('stored'), { origin: 'generated' })
    const login = await loginForProfile({ ...plain, name: 'Amili', keyId: info.id }, sources)
    expect(login.route).toEqual({ kind: 'direct' })
    expect(login.credentials).toMatchObject({ kind: 'key', privateKey: { type: 'ssh-ed25519' } })
    expect(
      login.credentials.kind === 'key' && login.credentials.privateKey.data.toString(),
    ).toContain('OPENSSH PRIVATE KEY')
  })

  it('decrypts a stored key with the passphrase given, and says when it is wrong or missing', async () => {
    const info = await vault.add(generateEd25519('locked'), {
      origin: 'generated',
      passphrase: 'open sesame',
    })
    const profile = { ...plain, name: 'AS2', keyId: info.id }
    await expect(loginForProfile(profile, sources)).rejects.toMatchObject({
      kind: 'passphrase-needed',
    })
    await expect(loginForProfile(profile, sources, { passphrase: 'wrong' })).rejects.toMatchObject({
      kind: 'bad-passphrase',
    })
    const login = await loginForProfile(profile, sources, { passphrase: 'open sesame' })
    expect(login.credentials.kind).toBe('key')
  })

  it('logs in with the key file of a profile from before keys were stored', async () => {
    const path = join(folder, 'id_ed25519')
    writeFileSync(path, generateEd25519KeyFile('legacy').privateKey)
    const login = await loginForProfile(
      { ...plain, name: 'Old', keyId: null, legacyKeyPath: path },
      sources,
    )
    expect(login).toMatchObject({
      credentials: { kind: 'key', privateKey: { type: 'ssh-ed25519' } },
      route: { kind: 'direct' },
    })
  })

  it('prefers the stored key over an old key file', async () => {
    const info = await vault.add(generateEd25519('stored'), { origin: 'generated' })
    const login = await loginForProfile(
      { ...plain, name: 'Both', keyId: info.id, legacyKeyPath: join(folder, 'gone') },
      sources,
    )
    expect(login.credentials.kind).toBe('key')
  })

  it('says what to do when the profile has no key yet', async () => {
    await expect(
      loginForProfile({ ...plain, name: 'New partner', keyId: null }, sources),
    ).rejects.toMatchObject({
      kind: 'bad-key',
      message: 'The profile "New partner" has no key yet. Edit it to generate or import one.',
    })
    await expect(
      loginForProfile({ ...plain, name: 'Gone', keyId: 'key-0000-0000' as KeyId }, sources),
    ).rejects.toMatchObject({ kind: 'not-found' })
  })

  it("gives the route its proxy, and its jump hosts the profile's own credentials", async () => {
    const info = await vault.add(generateEd25519('stored'), { origin: 'generated' })
    const login = await loginForProfile(
      {
        ...plain,
        name: 'Proxied',
        keyId: info.id,
        proxy: { kind: 'socks5', host: 'proxy', port: 1080 },
        jumps: [{ host: 'bastion', port: 22, username: 'me', keyId: null }],
      },
      sources,
    )
    expect(login.route).toMatchObject({
      kind: 'jump',
      hop: { host: 'bastion', port: 22, username: 'me', credentials: login.credentials },
      via: { kind: 'socks5', proxy: { host: 'proxy', port: 1080 } },
    })
  })
})
