import { describe, expect, it } from 'vitest'
import {
  mpint,
  sshString,
  TruncatedError,
  uint32,
  WireReader,
} from '../../../../src/main/core/keys/ssh-wire'

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex')

describe('the SSH wire encoding', () => {
  it('writes uint32 and string as RFC 4251 section 5 does', () => {
    expect(uint32(0x29b7f4aa)).toEqual(hex('29 b7 f4 aa'))
    expect(sshString('testing')).toEqual(hex('00 00 00 07 74 65 73 74 69 6e 67'))
    expect(sshString(Buffer.alloc(0))).toEqual(hex('00 00 00 00'))
    expect(sshString('ä')).toEqual(hex('00 00 00 02 c3 a4'))
  })

  it.each([
    ['00', '00 00 00 00'],
    ['', '00 00 00 00'],
    ['09 a3 78 f9 b2 e3 32 a7', '00 00 00 08 09 a3 78 f9 b2 e3 32 a7'],
    ['80', '00 00 00 02 00 80'],
    ['00 00 80', '00 00 00 02 00 80'],
    ['00 7f', '00 00 00 01 7f'],
  ])('writes the unsigned number %s as the mpint %s (RFC 4251 examples)', (value, encoded) => {
    expect(mpint(hex(value))).toEqual(hex(encoded))
  })

  it('reads back what it writes, an mpint without its leading zeros', () => {
    const reader = new WireReader(
      Buffer.concat([
        uint32(7),
        sshString('ssh-ed25519'),
        mpint(hex('80 01')),
        sshString(hex('00 00 01')),
        hex('aa bb'),
      ]),
    )
    expect(reader.uint32()).toBe(7)
    expect(reader.text()).toBe('ssh-ed25519')
    expect(reader.mpint()).toEqual(hex('80 01'))
    expect(reader.string()).toEqual(hex('00 00 01'))
    expect(reader.bytes(2)).toEqual(hex('aa bb'))
    expect(() => reader.bytes(1)).toThrow(TruncatedError)
  })

  it('refuses a blob that ends before a field it announces', () => {
    expect(() => new WireReader(hex('00 00 00')).uint32()).toThrow('The key data ends too early')
    expect(() => new WireReader(hex('00 00 00 05 61 62')).string()).toThrow(TruncatedError)
    // A length with the top bit set: far past the end, never a negative slice.
    expect(() => new WireReader(hex('ff ff ff ff 61')).string()).toThrow(TruncatedError)
    expect(() => new WireReader(hex('61')).bytes(-1)).toThrow(TruncatedError)
  })
})
