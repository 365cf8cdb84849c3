import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SealedFiles } from '../../../../src/main/core/secrets/sealed-files'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'

function setup() {
  const folder = mkdtempSync(join(tmpdir(), 'sealed-'))
  const secrets = new MemorySecretStore()
  return { folder, secrets, sealed: new SealedFiles(folder, secrets) }
}

describe('SealedFiles', () => {
  it('gives back what it sealed, and never keeps it in the clear on disk', async () => {
    const { folder, sealed } = setup()
    await sealed.seal('a', Buffer.from('secret key material'))
    expect(readFileSync(join(folder, 'a.key'), 'utf8')).not.toContain('secret key material')
    expect((await sealed.open('a')).toString()).toBe('secret key material')
  })

  it('refuses a sealed file swapped for another id', async () => {
    const { folder, sealed } = setup()
    await sealed.seal('a', Buffer.from('one'))
    await sealed.seal('b', Buffer.from('two'))
    writeFileSync(join(folder, 'a.key'), readFileSync(join(folder, 'b.key')))
    await expect(sealed.open('a')).rejects.toThrow(/changed or swapped/)
  })

  it('says so when the keychain lost its secret, and forgets both halves on remove', async () => {
    const { secrets, sealed } = setup()
    await sealed.seal('a', Buffer.from('one'))
    await secrets.delete('key-encryption-key:a')
    await expect(sealed.open('a')).rejects.toThrow(/keychain no longer holds/)
    await sealed.seal('b', Buffer.from('two'))
    await sealed.remove('b')
    expect(await secrets.get('key-encryption-key:b')).toBeNull()
    await expect(sealed.open('b')).rejects.toThrow(/keychain no longer holds/)
  })
})
