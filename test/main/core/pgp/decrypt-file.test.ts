import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMessage, encrypt, readKey } from 'openpgp'
import { describe, expect, it } from 'vitest'
import { decryptFile } from '../../../../src/main/core/pgp/decrypt-file'
import { testKeyring } from './pgp-test-keyring'

describe('decryptFile', () => {
  it('names the file only once it is whole, never replacing a file of that name', async () => {
    const setup = testKeyring()
    await setup.keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const encrypted = await encrypt({
      message: await createMessage({ binary: new TextEncoder().encode('payload') }),
      encryptionKeys: await readKey({ armoredKey: setup.keyring.storedKeys()[0]?.publicKey ?? '' }),
      format: 'binary',
    })
    const source = join(setup.folder, 'report.txt.pgp')
    writeFileSync(source, encrypted)
    const out = join(setup.folder, 'out')
    mkdirSync(out)
    writeFileSync(join(out, 'report.txt'), 'an earlier file')
    const result = await decryptFile(
      { source, folder: out, name: 'report.txt', policy: 'warn' },
      setup.keyring,
    )
    expect(result.path).toBe(join(out, 'report (1).txt'))
    expect(readFileSync(join(out, 'report.txt'), 'utf8')).toBe('an earlier file')
    expect(readFileSync(result.path, 'utf8')).toBe('payload')
    expect(readdirSync(out).sort()).toEqual(['report (1).txt', 'report.txt'])
  })

  it('needs the passphrase of a protected key that is not remembered, and refuses a wrong one', async () => {
    const setup = testKeyring()
    const own = await setup.keyring.generate({
      name: 'Own',
      email: 'own@ours.test',
      passphrase: 'secret words',
    })
    const source = join(setup.folder, 'a.pgp')
    writeFileSync(
      source,
      await encrypt({
        message: await createMessage({ binary: new Uint8Array([1, 2, 3]) }),
        encryptionKeys: await readKey({
          armoredKey: setup.keyring.storedKeys()[0]?.publicKey ?? '',
        }),
        format: 'binary',
      }),
    )
    const request = { source, folder: setup.folder, name: 'a', policy: 'warn' } as const
    await expect(decryptFile(request, setup.keyring)).rejects.toMatchObject({
      kind: 'passphrase-needed',
      detail: { fingerprint: own.fingerprint },
    })
    await expect(
      decryptFile({ ...request, passphrase: 'wrong' }, setup.keyring),
    ).rejects.toMatchObject({ kind: 'bad-passphrase' })
    const result = await decryptFile({ ...request, passphrase: 'secret words' }, setup.keyring)
    expect([...readFileSync(result.path)]).toEqual([1, 2, 3])
  })

  it('refuses a file that is not an OpenPGP message, and one encrypted with a password', async () => {
    const setup = testKeyring()
    await setup.keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const plain = join(setup.folder, 'invoice.xml')
    writeFileSync(plain, '<invoice/>')
    await expect(
      decryptFile(
        { source: plain, folder: setup.folder, name: 'x', policy: 'warn' },
        setup.keyring,
      ),
    ).rejects.toMatchObject({ detail: { pgp: 'not-a-message' } })
    const symmetric = join(setup.folder, 'by-password.pgp')
    writeFileSync(
      symmetric,
      await encrypt({
        message: await createMessage({ binary: new Uint8Array([1]) }),
        passwords: ['pw'],
        format: 'binary',
      }),
    )
    await expect(
      decryptFile(
        { source: symmetric, folder: setup.folder, name: 'y', policy: 'warn' },
        setup.keyring,
      ),
    ).rejects.toMatchObject({
      detail: { pgp: 'no-key' },
      message: expect.stringContaining('encrypted with a password'),
    })
  })

  it('with policy "require", keeps an unsigned file encrypted and leaves no part file', async () => {
    const setup = testKeyring()
    await setup.keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const source = join(setup.folder, 'unsigned.pgp')
    writeFileSync(
      source,
      await encrypt({
        message: await createMessage({ binary: new Uint8Array([9]) }),
        encryptionKeys: await readKey({
          armoredKey: setup.keyring.storedKeys()[0]?.publicKey ?? '',
        }),
        format: 'binary',
      }),
    )
    const out = join(setup.folder, 'out')
    mkdirSync(out)
    await expect(
      decryptFile({ source, folder: out, name: 'unsigned', policy: 'require' }, setup.keyring),
    ).rejects.toMatchObject({
      kind: 'verify-failed',
      detail: { pgp: 'not-verified' },
      message: expect.stringContaining('not verified: not signed'),
    })
    expect(readdirSync(out)).toEqual([])
  })
})
