import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKey, readKey } from 'openpgp'
import { describe, expect, it } from 'vitest'
import { PgpKeyring } from '../../../../src/main/core/pgp/pgp-keyring'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import type { PgpFingerprint } from '../../../../src/shared/pgp'
import { MemorySettings } from '../../../fixtures/memory-settings'

function setup() {
  const folder = mkdtempSync(join(tmpdir(), 'pgp-keyring-'))
  const secrets = new MemorySecretStore()
  const settings = new SettingsFileStore(new MemorySettings())
  return {
    folder,
    secrets,
    settings,
    keyring: new PgpKeyring(join(folder, 'pgp-keys'), secrets, settings),
  }
}

async function partnerKeyFile(folder: string, name: string, options: { days?: number } = {}) {
  const { publicKey } = await generateKey({
    userIDs: [{ name, email: `${name.toLowerCase()}@partner.test` }],
    type: 'ecc',
    curve: 'curve25519Legacy',
    ...(options.days ? { keyExpirationTime: options.days * 86400 } : {}),
  })
  const path = join(folder, `${name}.asc`)
  writeFileSync(path, publicKey)
  return { path, publicKey }
}

describe('PgpKeyring', () => {
  it('makes a v4 ed25519/cv25519 key pair by default, as GnuPG 2.2 reads', async () => {
    const { keyring, folder } = setup()
    const key = await keyring.generate({ name: 'Our Company', email: 'edi@ours.test' })
    expect(key).toMatchObject({
      userIds: ['Our Company <edi@ours.test>'],
      algorithm: 'ed25519/cv25519',
      bits: 255,
      hasSecret: true,
      encrypted: false,
      origin: 'generated',
      weak: false,
      expired: false,
      expiresAt: null,
    })
    expect(key.fingerprint).toMatch(/^[0-9A-F]{40}$/)
    // The secret half is sealed, never in the settings file or the data folder in the clear.
    const stored = JSON.stringify(keyring.storedKeys())
    expect(stored).not.toContain('PRIVATE KEY')
    const unlocked = await keyring.unlock(key.fingerprint)
    expect(unlocked.isDecrypted()).toBe(true)
    const exported = join(folder, 'ours.asc')
    await keyring.exportPublic(key.fingerprint, exported)
    const read = await readKey({ armoredKey: readFileSync(exported, 'utf8') })
    expect(read.isPrivate()).toBe(false)
    expect(read.keyPacket.version).toBe(4)
  })

  it('imports several public keys from one armored file and a binary one', async () => {
    const { keyring, folder } = setup()
    const a = await partnerKeyFile(folder, 'Alpha')
    const b = await partnerKeyFile(folder, 'Beta')
    const both = join(folder, 'both.asc')
    writeFileSync(both, `${a.publicKey}\n${b.publicKey}`)
    const imported = await keyring.importFile(both)
    expect(imported.map((entry) => [entry.result, entry.key.userIds[0]])).toEqual([
      ['added', 'Alpha <alpha@partner.test>'],
      ['added', 'Beta <beta@partner.test>'],
    ])
    const binary = join(folder, 'gamma.gpg')
    const gamma = await partnerKeyFile(folder, 'Gamma')
    writeFileSync(binary, (await readKey({ armoredKey: gamma.publicKey })).write())
    const [third] = await keyring.importFile(binary)
    expect(third?.key.hasSecret).toBe(false)
    expect((await keyring.list()).length).toBe(3)
    expect((await keyring.importFile(both)).map((entry) => entry.result)).toEqual([
      'updated',
      'updated',
    ])
    expect((await keyring.list()).length).toBe(3)
  })

  it('warns 30 days before a key expires', async () => {
    const { keyring, folder } = setup()
    const { path } = await partnerKeyFile(folder, 'Soon', { days: 10 })
    const [imported] = await keyring.importFile(path)
    expect(imported?.key.expiresSoon).toBe(true)
    expect(imported?.key.expired).toBe(false)
    expect(imported?.key.expiresAt).toBeGreaterThan(Date.now())
  })

  it('imports a protected secret key only with its passphrase, and remembers it if asked', async () => {
    const { keyring, folder, secrets } = setup()
    const { privateKey } = await generateKey({
      userIDs: [{ name: 'Own', email: 'own@ours.test' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
      passphrase: 'correct horse',
    })
    const path = join(folder, 'own-secret.asc')
    writeFileSync(path, privateKey)
    await expect(keyring.importFile(path)).rejects.toMatchObject({ kind: 'passphrase-needed' })
    await expect(keyring.importFile(path, { passphrase: 'wrong' })).rejects.toMatchObject({
      kind: 'bad-passphrase',
    })
    expect(await keyring.list()).toEqual([])
    const [imported] = await keyring.importFile(path, { passphrase: 'correct horse' })
    if (!imported) throw new Error('nothing imported')
    const fingerprint = imported.key.fingerprint
    expect(imported?.key).toMatchObject({ hasSecret: true, encrypted: true })
    expect(imported?.key.passphraseRemembered).toBe(false)
    await expect(keyring.unlock(fingerprint)).rejects.toMatchObject({
      kind: 'passphrase-needed',
    })
    await expect(keyring.unlock(fingerprint, 'nope')).rejects.toMatchObject({
      kind: 'bad-passphrase',
    })
    expect((await keyring.unlock(fingerprint, 'correct horse')).isDecrypted()).toBe(true)
    const remembered = await keyring.rememberPassphrase(fingerprint, 'correct horse')
    expect(remembered.passphraseRemembered).toBe(true)
    expect((await keyring.unlock(fingerprint)).isDecrypted()).toBe(true)
    await keyring.delete(fingerprint)
    expect(await keyring.list()).toEqual([])
    expect(await secrets.get(`pgp-passphrase:${fingerprint}`)).toBeNull()
    expect(await secrets.get(`key-encryption-key:pgp-${fingerprint}`)).toBeNull()
  })

  it('keeps the secret half when only the public key is imported again', async () => {
    const { keyring, folder } = setup()
    const own = await keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const path = join(folder, 'own.asc')
    await keyring.exportPublic(own.fingerprint, path)
    const [again] = await keyring.importFile(path)
    expect(again).toMatchObject({ result: 'updated', key: { hasSecret: true } })
    expect((await keyring.unlock(own.fingerprint)).isDecrypted()).toBe(true)
  })

  it('refuses a file with no key, and an unknown fingerprint', async () => {
    const { keyring, folder } = setup()
    const path = join(folder, 'notes.txt')
    writeFileSync(path, 'not a key')
    await expect(keyring.importFile(path)).rejects.toMatchObject({ kind: 'invalid-input' })
    await expect(keyring.delete('A'.repeat(40) as PgpFingerprint)).rejects.toMatchObject({
      kind: 'not-found',
    })
  })
})
