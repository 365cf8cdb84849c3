import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEd25519 } from '../../../../src/main/core/keys/generate-key'
import { importPrivateKey } from '../../../../src/main/core/keys/import-key'
import { KeyVault } from '../../../../src/main/core/keys/key-vault'
import { isEncryptedOpenSshKeyFile } from '../../../../src/main/core/keys/openssh-format'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import { MemorySettings } from '../../../fixtures/memory-settings'

const root = mkdtempSync(join(tmpdir(), 'mailroom-vault-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function vault() {
  const folder = mkdtempSync(join(root, 'data-'))
  const secrets = new MemorySecretStore()
  const settings = new MemorySettings()
  return {
    vault: new KeyVault(join(folder, 'keys'), secrets, new SettingsFileStore(settings)),
    folder,
    secrets,
    settings,
  }
}

/** Every file under `folder`, as one string, to search for leaked key bytes. */
function everything(folder: string): string {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
    .join('\n')
}

describe('KeyVault', () => {
  it('keeps a 32-byte key-encryption key in the keychain and the key encrypted in the data folder', async () => {
    const { vault: keys, folder, secrets, settings } = vault()
    const material = generateEd25519('vault test')
    const info = await keys.add(material, { origin: 'generated' })
    expect(info).toMatchObject({
      type: 'ssh-ed25519',
      encrypted: false,
      passphraseRemembered: false,
      comment: 'vault test',
    })
    const kek = await secrets.get(`key-encryption-key:${info.id}`)
    expect(Buffer.from(kek ?? '', 'base64')).toHaveLength(32)
    const onDisk = everything(folder) + settings.asJson()
    for (const secret of [
      material.seed.toString('base64'),
      material.seed.toString('hex'),
      material.seed.toString('latin1'),
    ]) {
      expect(onDisk).not.toContain(secret)
    }
    expect(onDisk).not.toContain('BEGIN OPENSSH PRIVATE KEY')
    const loaded = await keys.loadForConnect(info.id)
    expect(loaded.type).toBe('ssh-ed25519')
  })

  it('stores an RSA-4096 key, larger than a Windows credential can hold, through the same scheme', async () => {
    const { vault: keys, folder, secrets } = vault()
    const path = join(folder, 'rsa4096')
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '4096', '-N', '', '-f', path])
    const { material } = await importPrivateKey(readFileSync(path), 'rsa4096')
    const info = await keys.add(material, { origin: 'imported' })
    expect(info.bits).toBe(4096)
    expect((await secrets.get(`key-encryption-key:${info.id}`))?.length).toBeLessThan(2560)
    expect((await keys.loadForConnect(info.id)).type).toBe('ssh-rsa')
  })

  it('keeps a passphrase-protected key protected: asked at connect unless remembered', async () => {
    const { vault: keys } = vault()
    const info = await keys.add(generateEd25519('protected'), {
      passphrase: 'open sesame',
      remember: false,
      origin: 'generated',
    })
    expect(info).toMatchObject({ encrypted: true, passphraseRemembered: false })
    await expect(keys.loadForConnect(info.id)).rejects.toMatchObject({ kind: 'passphrase-needed' })
    await expect(keys.loadForConnect(info.id, 'wrong')).rejects.toMatchObject({
      kind: 'bad-passphrase',
    })
    await expect(keys.rememberPassphrase(info.id, 'wrong')).rejects.toMatchObject({
      kind: 'bad-passphrase',
    })
    expect(await keys.rememberPassphrase(info.id, 'open sesame')).toMatchObject({
      passphraseRemembered: true,
    })
    // Unlocked with the remembered passphrase, and handed on decrypted, so that ssh2 does not
    // derive the key again in the main thread at login.
    const loaded = await keys.loadForConnect(info.id)
    expect(loaded.passphrase).toBeUndefined()
    expect(isEncryptedOpenSshKeyFile(loaded.data)).toBe(false)
    expect(ssh2.utils.parseKey(loaded.data)).not.toBeInstanceOf(Error)
    expect(await keys.rememberPassphrase(info.id, null)).toMatchObject({
      passphraseRemembered: false,
    })
  })

  it('refuses the same key twice', async () => {
    const { vault: keys } = vault()
    const material = generateEd25519('twice')
    await keys.add(material, { origin: 'generated' })
    await expect(keys.add(material, { origin: 'imported' })).rejects.toMatchObject({
      kind: 'already-exists',
    })
  })

  it('refuses a key file that was changed, or one whose keychain entry is gone', async () => {
    const { vault: keys, folder, secrets } = vault()
    const info = await keys.add(generateEd25519('tamper'), { origin: 'generated' })
    const file = join(folder, 'keys', `${info.id}.key`)
    const envelope = JSON.parse(readFileSync(file, 'utf8')) as { ciphertext: string }
    const bytes = Buffer.from(envelope.ciphertext, 'base64')
    bytes[10] = (bytes[10] ?? 0) ^ 1
    writeFileSync(file, JSON.stringify({ ...envelope, ciphertext: bytes.toString('base64') }))
    await expect(keys.loadForConnect(info.id)).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/changed or swapped/),
    })
    await secrets.delete(`key-encryption-key:${info.id}`)
    await expect(keys.loadForConnect(info.id)).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/keychain no longer holds/),
    })
  })

  it('refuses a key file whose GCM tag was cut short, though the short tag is the real one cut', async () => {
    const { vault: keys, folder } = vault()
    const info = await keys.add(generateEd25519('short tag'), { origin: 'generated' })
    const file = join(folder, 'keys', `${info.id}.key`)
    const envelope = JSON.parse(readFileSync(file, 'utf8')) as { tag: string }
    // A 4-byte tag is 2^32 tries to forge: GCM must be told its tags are 16 bytes long.
    const cut = Buffer.from(envelope.tag, 'base64').subarray(0, 4).toString('base64')
    writeFileSync(file, JSON.stringify({ ...envelope, tag: cut }))
    await expect(keys.loadForConnect(info.id)).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/changed or swapped/),
    })
  })

  it('exports the private key for OpenSSH and PuTTY, never over an existing file, and deletes everything', async () => {
    const { vault: keys, folder, secrets } = vault()
    const info = await keys.add(generateEd25519('export'), { origin: 'generated' })
    const openssh = join(folder, 'exported')
    await keys.exportPrivate(info.id, 'openssh', openssh, { exportPassphrase: 'export pass' })
    expect(execFileSync('ssh-keygen', ['-lf', openssh, '-P', 'export pass']).toString()).toContain(
      info.fingerprint,
    )
    await expect(keys.exportPrivate(info.id, 'openssh', openssh, {})).rejects.toMatchObject({
      kind: 'already-exists',
    })
    const ppk = join(folder, 'exported.ppk')
    await keys.exportPrivate(info.id, 'ppk', ppk, {})
    expect(execFileSync('puttygen', [ppk, '-l', '-E', 'sha256']).toString()).toContain(
      info.fingerprint,
    )
    await keys.exportPublic(info.id, join(folder, 'exported.pub'))
    expect(readFileSync(join(folder, 'exported.pub'), 'utf8')).toBe(`${info.publicKey}\n`)

    await keys.delete(info.id)
    expect(await keys.list()).toEqual([])
    expect(await secrets.get(`key-encryption-key:${info.id}`)).toBeNull()
    expect(readdirSync(join(folder, 'keys'))).toEqual([])
  })
})
