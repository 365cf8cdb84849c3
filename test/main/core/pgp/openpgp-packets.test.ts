import { describe, expect, it } from 'vitest'
import { classifyHead, plainNameOf } from '../../../../src/main/core/pgp/openpgp-packets'

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
    expect(classifyHead(bytes(0x85, 0x01, 0x0c))).toBe('message') // old format, tag 1 (PKESK)
    expect(classifyHead(bytes(0xc1, 0x5e))).toBe('message') // new format, tag 1
    expect(classifyHead(bytes(0xd2, 0x10))).toBe('message') // new format, tag 18 (SEIPD)
    expect(classifyHead(bytes(0xa4, 0x03))).toBe('message') // old format, tag 9 (no MDC)
    expect(classifyHead(bytes(0x99, 0x01, 0x0d))).toBe('public-key') // old format, tag 6
    expect(classifyHead(bytes(0xc6, 0x33))).toBe('public-key') // new format, tag 6
    expect(classifyHead(bytes(0x95, 0x01))).toBe('secret-key') // old format, tag 5
    expect(classifyHead(bytes(0x89, 0x01, 0x33))).toBe('signature') // old format, tag 2
  })

  it('does not take ordinary files for OpenPGP', () => {
    expect(classifyHead(text('<?xml version="1.0"?>'))).toBe('not-openpgp')
    expect(classifyHead(bytes(0x50, 0x4b, 0x03, 0x04))).toBe('not-openpgp') // a zip
    expect(classifyHead(bytes(0xff, 0xd8, 0xff))).toBe('not-openpgp') // a JPEG: tag 63
    expect(classifyHead(bytes())).toBe('not-openpgp')
    // Tag 11 (literal data) only with a literal format byte after its length.
    expect(classifyHead(bytes(0xcb, 0x10, 0x62))).toBe('message')
    expect(classifyHead(bytes(0xcb, 0x10, 0x00))).toBe('not-openpgp')
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
