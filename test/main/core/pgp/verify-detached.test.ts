import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMessage, generateKey, readPrivateKey, sign } from 'openpgp'
import { describe, expect, it } from 'vitest'
import { signedFileName, verifyDetached } from '../../../../src/main/core/pgp/verify-detached'
import { testKeyring } from './pgp-test-keyring'

describe('signedFileName', () => {
  it('names the file a detached signature is for', () => {
    expect(signedFileName('invoice.xml.sig')).toBe('invoice.xml')
    expect(signedFileName('invoice.xml.ASC')).toBe('invoice.xml')
    expect(signedFileName('invoice.xml')).toBeNull()
    expect(signedFileName('.sig')).toBeNull()
  })
})

describe('verifyDetached', () => {
  it('is good for a known signer, unknown for another, bad once the file changed', async () => {
    const setup = testKeyring()
    const partner = await generateKey({
      userIDs: [{ name: 'Partner', email: 'p@partner.test' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
    })
    const stranger = await generateKey({
      userIDs: [{ name: 'Stranger', email: 's@x.test' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
    })
    writeFileSync(join(setup.folder, 'partner.asc'), partner.publicKey)
    const [imported] = await setup.keyring.importFile(join(setup.folder, 'partner.asc'))
    const file = join(setup.folder, 'invoice.xml')
    writeFileSync(file, '<invoice/>')
    const signWith = async (armoredKey: string, path: string) =>
      writeFileSync(
        path,
        await sign({
          message: await createMessage({ binary: new TextEncoder().encode('<invoice/>') }),
          signingKeys: await readPrivateKey({ armoredKey }),
          detached: true,
        }),
      )
    await signWith(partner.privateKey, `${file}.asc`)
    await signWith(stranger.privateKey, `${file}.stranger.asc`)
    expect(await verifyDetached(file, `${file}.asc`, setup.keyring)).toEqual({
      state: 'good',
      fingerprint: imported?.key.fingerprint,
      name: 'Partner <p@partner.test>',
      weakKey: false,
    })
    expect(await verifyDetached(file, `${file}.stranger.asc`, setup.keyring)).toMatchObject({
      state: 'unknown-signer',
    })
    writeFileSync(file, '<invoice changed="yes"/>')
    expect(await verifyDetached(file, `${file}.asc`, setup.keyring)).toMatchObject({
      state: 'bad',
      keyId: imported?.key.keyId,
    })
  })

  it('refuses a signature file that is not one', async () => {
    const setup = testKeyring()
    const file = join(setup.folder, 'a.txt')
    writeFileSync(file, 'a')
    writeFileSync(`${file}.sig`, 'not a signature')
    await expect(verifyDetached(file, `${file}.sig`, setup.keyring)).rejects.toMatchObject({
      detail: { pgp: 'damaged' },
    })
  })
})
