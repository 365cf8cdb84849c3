import { describe, expect, it } from 'vitest'
import { generateKey, readKey } from 'openpgp'
import { readKeyData } from '../../../../src/main/core/pgp/read-key-file'

const key = (name: string) =>
  generateKey({
    userIDs: [{ name, email: `${name.toLowerCase()}@partner.test` }],
    type: 'ecc',
    curve: 'curve25519Legacy',
  })

describe('readKeyData', () => {
  it('reads armored blocks after a note, with Windows line ends, public and secret', async () => {
    const a = await key('Alpha')
    const b = await key('Beta')
    const text = `Our new keys, valid from Monday:\r\n${a.publicKey.replace(/\n/g, '\r\n')}\r\n${b.privateKey}`
    const keys = await readKeyData(new TextEncoder().encode(text), 'keys.asc')
    expect(keys.map((read) => [read.getUserIDs()[0], read.isPrivate()])).toEqual([
      ['Alpha <alpha@partner.test>', false],
      ['Beta <beta@partner.test>', true],
    ])
  })

  it('reads binary keys back to back', async () => {
    const a = await readKey({ armoredKey: (await key('Alpha')).publicKey })
    const b = await readKey({ armoredKey: (await key('Beta')).publicKey })
    const keys = await readKeyData(new Uint8Array([...a.write(), ...b.write()]), 'keys.gpg')
    expect(keys).toHaveLength(2)
  })

  it('refuses a truncated key with a message naming the file', async () => {
    const { publicKey } = await key('Alpha')
    const cut = publicKey.slice(0, 200) + '\n-----END PGP PUBLIC KEY BLOCK-----\n'
    await expect(readKeyData(new TextEncoder().encode(cut), 'partner.asc')).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringContaining('partner.asc holds no OpenPGP key Mailroom can read'),
    })
  })
})
