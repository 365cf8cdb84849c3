import bcryptPbkdf from 'bcrypt-pbkdf'
import { argon2id } from 'hash-wasm'
import { describe, expect, it } from 'vitest'
import { deriveKey } from '../../../../src/main/core/keys/key-derivation'

/** The derivations run in a worker give what the libraries give in the thread that asks. */
describe('deriveKey', () => {
  const salt = Buffer.alloc(16, 7)

  it('derives what bcrypt-pbkdf derives, and wipes the passphrase it was handed', async () => {
    const expected = Buffer.alloc(48)
    bcryptPbkdf.pbkdf(Buffer.from('open sesame'), 11, salt, 16, expected, 48, 4)
    const passphrase = Buffer.from('open sesame')
    const derived = await deriveKey({ kind: 'bcrypt', passphrase, salt, rounds: 4, length: 48 })
    expect(derived).toEqual(expected)
    expect(passphrase).toEqual(Buffer.alloc(passphrase.length))
  })

  it('derives what hash-wasm’s Argon2id derives', async () => {
    const expected = await argon2id({
      password: 'open sesame',
      salt,
      memorySize: 64,
      iterations: 2,
      parallelism: 1,
      hashLength: 80,
      outputType: 'binary',
    })
    const derived = await deriveKey({
      kind: 'argon2',
      flavour: 'argon2id',
      passphrase: Buffer.from('open sesame'),
      salt,
      memoryKiB: 64,
      passes: 2,
      parallelism: 1,
      length: 80,
    })
    expect(derived).toEqual(Buffer.from(expected))
  })

  it('rejects with the library’s reason when a derivation fails', async () => {
    await expect(
      deriveKey({
        kind: 'argon2',
        flavour: 'argon2id',
        passphrase: Buffer.from('x'),
        salt: Buffer.alloc(4),
        memoryKiB: 64,
        passes: 1,
        parallelism: 1,
        length: 80,
      }),
    ).rejects.toThrow(/^Key derivation failed: .*salt/i)
  })
})
