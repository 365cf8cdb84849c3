import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadPrivateKey } from '../../../../src/main/core/keys/load-private-key'
import { isEncryptedOpenSshKeyFile } from '../../../../src/main/core/keys/openssh-format'

describe('loadPrivateKey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-keys-'))
  const plain = join(dir, 'plain')
  const encrypted = join(dir, 'encrypted')
  const chacha = join(dir, 'chacha')
  const dsa = join(dir, 'dsa')
  beforeAll(() => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', plain])
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', encrypted])
    execFileSync('ssh-keygen', [
      ...['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', chacha],
      ...['-Z', 'chacha20-poly1305@openssh.com'],
    ])
    execFileSync('ssh-keygen', ['-q', '-t', 'dsa', '-N', '', '-f', dsa])
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads an unencrypted OpenSSH key', async () => {
    expect(await loadPrivateKey(plain)).toMatchObject({ type: 'ssh-ed25519' })
  })

  it('reads an encrypted key with its passphrase, handing it on decrypted', async () => {
    // Decrypted here (its key derived in a worker), so that ssh2 does not derive it again in
    // the main thread at login.
    const loaded = await loadPrivateKey(encrypted, 'open sesame')
    expect(loaded).toMatchObject({ type: 'ssh-ed25519' })
    expect(loaded.passphrase).toBeUndefined()
    expect(isEncryptedOpenSshKeyFile(loaded.data)).toBe(false)
    expect(isEncryptedOpenSshKeyFile(readFileSync(encrypted))).toBe(true)
  })

  it('asks for the passphrase of an encrypted key', async () => {
    await expect(loadPrivateKey(encrypted)).rejects.toMatchObject({ kind: 'passphrase-needed' })
  })

  it('says the passphrase is wrong', async () => {
    await expect(loadPrivateKey(encrypted, 'wrong')).rejects.toMatchObject({
      kind: 'bad-passphrase',
    })
  })

  it('reads a chacha20-poly1305 key (ssh-keygen -Z), handing ssh2 the key it can read', async () => {
    const loaded = await loadPrivateKey(chacha, 'open sesame')
    expect(loaded).toMatchObject({ type: 'ssh-ed25519' })
    const key = ssh2.utils.parseKey(loaded.data, loaded.passphrase)
    expect(key instanceof Error ? key.message : key.getPublicSSH().toString('base64')).toBe(
      readFileSync(`${chacha}.pub`, 'utf8').split(' ')[1],
    )
  })

  it('asks for and checks the passphrase of a chacha20-poly1305 key', async () => {
    await expect(loadPrivateKey(chacha)).rejects.toMatchObject({ kind: 'passphrase-needed' })
    await expect(loadPrivateKey(chacha, 'wrong')).rejects.toMatchObject({
      kind: 'bad-passphrase',
    })
  })

  it('refuses a DSA key by name before a server does', async () => {
    await expect(loadPrivateKey(dsa)).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/holds a DSA key \(ssh-dss\).*Use an ed25519 key instead/),
    })
  })

  it('recognises a public key given where the private key is needed', async () => {
    await expect(loadPrivateKey(`${plain}.pub`)).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/is a public key/),
    })
  })

  it('says a cut-short key file is damaged', async () => {
    const text = readFileSync(plain, 'utf8').split('\n')
    const cut = join(dir, 'cut')
    writeFileSync(cut, [...text.slice(0, 3), text.at(-2), ''].join('\n'))
    await expect(loadPrivateKey(cut)).rejects.toMatchObject({ kind: 'bad-key' })
  })

  it('says a file that is no key at all is not a key', async () => {
    const notKey = join(dir, 'notes.txt')
    writeFileSync(notKey, 'shopping list')
    await expect(loadPrivateKey(notKey)).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/not a private key file/),
    })
  })

  it('names a missing file', async () => {
    await expect(loadPrivateKey(join(dir, 'missing'))).rejects.toMatchObject({ kind: 'not-found' })
  })
})
