import { createMessage, encrypt, generateKey, sign } from 'openpgp'
import { describe, expect, it } from 'vitest'
import { classifyHead, plainNameOf } from '../../../../src/main/core/pgp/openpgp-packets'
import { seededRandom } from '../../../fixtures/seeded-random'

const bytes = (...values: number[]) => Uint8Array.from(values)
const text = (value: string) => new TextEncoder().encode(value)

describe('classifyHead', () => {
  it('tells OpenPGP files by their armor header', () => {
    expect(classifyHead(text('-----BEGIN PGP MESSAGE-----\n\nhQ'))).toBe('message')
    expect(classifyHead(text('-----BEGIN PGP PUBLIC KEY BLOCK-----\n'))).toBe('public-key')
    expect(classifyHead(text('-----BEGIN PGP PRIVATE KEY BLOCK-----\n'))).toBe('secret-key')
    expect(classifyHead(text('-----BEGIN PGP SIGNATURE-----\n'))).toBe('signature')
    expect(classifyHead(text('-----BEGIN PGP SIGNED MESSAGE-----\n'))).toBe('cleartext-signed')
    // Text before the armor is allowed, but only whole lines of it.
    expect(classifyHead(text('Sent by our system\n-----BEGIN PGP MESSAGE-----\n'))).toBe('message')
    expect(classifyHead(text('see -----BEGIN PGP MESSAGE-----'))).toBe('not-openpgp')
  })

  it('tells binary files by their first packet, old and new header formats', () => {
    const keyId = [1, 2, 3, 4, 5, 6, 7, 8]
    // old format, tag 1 (PKESK) version 3 to an RSA key; new format, to an ECDH key
    expect(classifyHead(bytes(0x85, 0x01, 0x0c, 0x03, ...keyId, 0x01))).toBe('message')
    expect(classifyHead(bytes(0xc1, 0x5e, 0x03, ...keyId, 0x12))).toBe('message')
    expect(classifyHead(bytes(0xc3, 0x0d, 0x04, 0x09, 0x03))).toBe('message') // SKESK, AES-256
    expect(classifyHead(bytes(0xa3, 0x02, 0x78, 0x9c))).toBe('message') // compressed, zlib
    expect(classifyHead(bytes(0xa8, 0x03, 0x50, 0x47, 0x50))).toBe('message') // marker "PGP"
    expect(classifyHead(bytes(0x99, 0x01, 0x0d, 0x04, 0, 0, 0, 0, 0x01))).toBe('public-key')
    expect(classifyHead(bytes(0xc6, 0x33, 0x04, 0, 0, 0, 0, 0x16))).toBe('public-key') // EdDSA
    expect(classifyHead(bytes(0x95, 0x01, 0x01, 0x04, 0, 0, 0, 0, 0x01))).toBe('secret-key')
    expect(classifyHead(bytes(0x89, 0x01, 0x33, 0x04, 0x00, 0x01, 0x08))).toBe('signature')
  })

  it('tells what openpgp.js writes, binary', async () => {
    const { privateKey, publicKey } = await generateKey({
      userIDs: [{ name: 'Test', email: 'test@ours.test' }],
      format: 'object',
    })
    const message = await createMessage({ binary: new Uint8Array([1, 2, 3]), filename: 'a.bin' })
    const encrypted = await encrypt({ message, encryptionKeys: publicKey, format: 'binary' })
    const signed = await sign({ message, signingKeys: privateKey, format: 'binary' })
    const detached = await sign({
      message,
      signingKeys: privateKey,
      format: 'binary',
      detached: true,
    })
    expect(classifyHead(encrypted)).toBe('message')
    expect(classifyHead(signed)).toBe('message')
    expect(classifyHead(detached)).toBe('signature')
    expect(classifyHead(publicKey.write())).toBe('public-key')
    expect(classifyHead(privateKey.write())).toBe('secret-key')
  })

  it('does not take ordinary files for OpenPGP', () => {
    expect(classifyHead(text('<?xml version="1.0"?>'))).toBe('not-openpgp')
    expect(classifyHead(bytes(0x50, 0x4b, 0x03, 0x04))).toBe('not-openpgp') // a zip
    expect(classifyHead(bytes(0xff, 0xd8, 0xff))).toBe('not-openpgp') // a JPEG: tag 63
    expect(classifyHead(bytes())).toBe('not-openpgp')
    // Tag 11 (literal data) only with a literal format byte after its length, and a file name.
    expect(classifyHead(bytes(0xcb, 0x10, 0x62, 0x01, 0x61))).toBe('message')
    expect(classifyHead(bytes(0xcb, 0x10, 0x00))).toBe('not-openpgp')
    expect(classifyHead(bytes(0xcb, 0x10, 0x62, 0x01, 0x07))).toBe('not-openpgp')
    // Encrypted data first has no key to open it: not a message anyone could have meant.
    expect(classifyHead(bytes(0xd2, 0x10, 0x01))).toBe('not-openpgp')
    expect(classifyHead(bytes(0xa4, 0x03))).toBe('not-openpgp')
    // A tag right, its body wrong: an unknown version, algorithm or compression.
    expect(classifyHead(bytes(0x85, 0x01, 0x0c, 0x07, ...new Array<number>(9).fill(1)))).toBe(
      'not-openpgp',
    )
    expect(classifyHead(bytes(0xa3, 0x02, 0x09, 0x00))).toBe('not-openpgp')
    // A partial length below 512 bytes, and one on a packet that cannot have it.
    expect(classifyHead(bytes(0xcb, 0xe1, 0x62, 0x00))).toBe('not-openpgp')
    expect(classifyHead(bytes(0xc1, 0xea, 0x03, 1, 2, 3, 4, 5, 6, 7, 8, 0x01))).toBe('not-openpgp')
  })

  it('takes almost no random binary file for OpenPGP (a first byte alone took one in six)', () => {
    const random = seededRandom(23)
    let taken = 0
    for (let file = 0; file < 50_000; file += 1)
      if (
        classifyHead(Uint8Array.from({ length: 300 }, () => Math.floor(random() * 256))) !==
        'not-openpgp'
      )
        taken += 1
    // Measured over 1,000,000 random heads: 0.03 %.
    expect(taken / 50_000).toBeLessThan(0.001)
  })
})

describe('plainNameOf', () => {
  it('drops .pgp, .gpg and .asc, in any case', () => {
    expect(plainNameOf('invoice.xml.pgp')).toBe('invoice.xml')
    expect(plainNameOf('invoice.xml.GPG')).toBe('invoice.xml')
    expect(plainNameOf('orders.csv.asc')).toBe('orders.csv')
  })

  it('gives a file encrypted under its own name a name that does not take the original', () => {
    expect(plainNameOf('invoice.xml')).toBe('invoice.xml.decrypted')
    expect(plainNameOf('.pgp')).toBe('.pgp.decrypted')
  })
})
