import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadPrivateKey } from '../../../../src/main/core/keys/load-private-key'

describe('loadPrivateKey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-keys-'))
  const plain = join(dir, 'plain')
  const encrypted = join(dir, 'encrypted')
  beforeAll(() => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', plain])
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', encrypted])
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads an unencrypted OpenSSH key', async () => {
    expect(await loadPrivateKey(plain)).toMatchObject({ type: 'ssh-ed25519' })
  })

  it('reads an encrypted key with its passphrase', async () => {
    expect(await loadPrivateKey(encrypted, 'open sesame')).toMatchObject({
      type: 'ssh-ed25519',
      passphrase: 'open sesame',
    })
  })

  it('asks for the passphrase of an encrypted key', async () => {
    await expect(loadPrivateKey(encrypted)).rejects.toMatchObject({ kind: 'passphrase-needed' })
  })

  it('says the passphrase is wrong', async () => {
    await expect(loadPrivateKey(encrypted, 'wrong')).rejects.toMatchObject({
      kind: 'bad-passphrase',
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
