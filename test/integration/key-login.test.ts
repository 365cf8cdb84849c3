import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateEd25519 } from '../../src/main/core/keys/generate-key'
import { importPrivateKey } from '../../src/main/core/keys/import-key'
import { KeyVault } from '../../src/main/core/keys/key-vault'
import { loadPrivateKey, type LoadedPrivateKey } from '../../src/main/core/keys/load-private-key'
import { silentLogger } from '../../src/main/core/logging/logger'
import { KeychainSecretStore } from '../../src/main/core/secrets/keychain-secret-store'
import { SettingsFileStore } from '../../src/main/core/settings/settings-file'
import { openSftpSession } from '../../src/main/core/sftp/open-session'
import { remotePath } from '../../src/shared/remote-path'
import { ALL_RECIPES, makeKey, recipeLabel } from '../fixtures/key-files'
import { MemorySettings } from '../fixtures/memory-settings'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'
import { keyLogin } from '../fixtures/key-login'

/**
 * Every key format, made by ssh-keygen or puttygen, goes into the real OS keychain scheme
 * (gnome-keyring's Secret Service under dbus-run-session: scripts/with-keychain.sh) and logs in
 * to a real sshd. Keys Mailroom makes log in with OpenSSH's own sftp client.
 */
describe('keys from every format log in through the keychain', () => {
  let server: TestSshd
  let dir: string
  let vault: KeyVault
  const secrets = new KeychainSecretStore(`Mailroom-test-${randomUUID()}`)

  beforeAll(async () => {
    server = await startSshd()
    dir = mkdtempSync(join(tmpdir(), 'mailroom-key-login-'))
    vault = new KeyVault(join(dir, 'keys'), secrets, new SettingsFileStore(new MemorySettings()))
  })
  afterAll(async () => {
    for (const key of (await vault?.list()) ?? []) await vault.delete(key.id)
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const login = async (keyId: Parameters<KeyVault['loadForConnect']>[0]) =>
    loginWith(await vault.loadForConnect(keyId))
  const loginWith = async (privateKey: LoadedPrivateKey) => {
    const session = await openSftpSession({
      host: server.host,
      port: server.port,
      username: server.username,
      ...keyLogin(privateKey),
      logger: silentLogger,
      verifyHostKey: async () => true,
    })
    try {
      return (await session.list(remotePath.parse(''))).map((entry) => entry.name)
    } finally {
      session.close()
    }
  }

  it.each(ALL_RECIPES.map((recipe, index) => [recipeLabel(recipe), recipe, index] as const))(
    '%s',
    async (_label, recipe, index) => {
      const key = makeKey(dir, recipe, index)
      const imported = await importPrivateKey(readFileSync(key.path), key.path, key.passphrase)
      const info = await vault.add(imported.material, {
        ...(key.passphrase ? { passphrase: key.passphrase } : {}),
        remember: true,
        origin: 'imported',
      })
      expect(info.fingerprint).toBe(key.fingerprint)
      server.authorize(info.publicKey)
      expect(await login(info.id)).toContain('pickup')
    },
  )

  it('a chacha20-poly1305 key file read in place (a profile key path) logs in', async () => {
    const key = makeKey(
      dir,
      {
        tool: 'ssh-keygen',
        type: 'ed25519',
        format: 'openssh',
        encrypted: true,
        cipher: 'chacha20-poly1305@openssh.com',
      },
      ALL_RECIPES.length,
    )
    server.authorize(readFileSync(`${key.path}.pub`, 'utf8'))
    expect(await loginWith(await loadPrivateKey(key.path, key.passphrase))).toContain('pickup')
  })

  it('a generated key, exported for OpenSSH, logs in with OpenSSH sftp', async () => {
    const info = await vault.add(generateEd25519('generated for sftp'), {
      passphrase: 'export me',
      remember: true,
      origin: 'generated',
    })
    server.authorize(info.publicKey)
    expect(await login(info.id)).toContain('input')
    const exported = join(dir, 'exported_ed25519')
    await vault.exportPrivate(info.id, 'openssh', exported, {})
    expect(
      execFileSync('ssh-keygen', ['-y', '-f', exported]).toString().split(' ').slice(0, 2),
    ).toEqual(info.publicKey.split(' ').slice(0, 2))
    const batch = join(dir, 'batch')
    writeFileSync(batch, 'ls\n')
    const listing = execFileSync('sftp', [
      '-q',
      '-b',
      batch,
      '-i',
      exported,
      '-P',
      String(server.port),
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'IdentitiesOnly=yes',
      `${server.username}@${server.host}`,
    ]).toString()
    expect(listing).toContain('pickup')
  })
})
