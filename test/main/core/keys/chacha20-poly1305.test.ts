import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import bcryptPbkdf from 'bcrypt-pbkdf'
import { afterAll, describe, expect, it } from 'vitest'
import {
  CHACHA20_POLY1305,
  CHACHA20_POLY1305_KEY_LENGTH,
  openKeyFileChaCha20Poly1305,
} from '../../../../src/main/core/keys/chacha20-poly1305'
import { WireReader } from '../../../../src/main/core/keys/ssh-wire'
import { makeKey, openSshKeyBytes, PASSPHRASE } from '../../../fixtures/key-files'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-chacha-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A key file `ssh-keygen -Z chacha20-poly1305@openssh.com` wrote, taken apart as PROTOCOL.key lays it out. */
function sealedKeyFile() {
  const key = makeKey(
    dir,
    {
      tool: 'ssh-keygen',
      type: 'ed25519',
      format: 'openssh',
      encrypted: true,
      cipher: CHACHA20_POLY1305,
    },
    0,
  )
  const file = openSshKeyBytes(readFileSync(key.path, 'latin1'))
  const reader = new WireReader(file.subarray('openssh-key-v1\0'.length))
  const cipher = reader.text()
  const kdf = reader.text()
  const options = new WireReader(reader.string())
  const salt = Buffer.from(options.string())
  const rounds = options.uint32()
  reader.uint32()
  const publicBlob = reader.string()
  const sealed = Buffer.from(reader.string())
  const tag = file.subarray(file.length - 16)
  /** The 64 bytes bcrypt-pbkdf derives from `passphrase` with the file's salt and rounds. */
  const derive = (passphrase: string) => {
    const derived = Buffer.alloc(CHACHA20_POLY1305_KEY_LENGTH)
    const password = Buffer.from(passphrase)
    bcryptPbkdf.pbkdf(password, password.length, salt, salt.length, derived, derived.length, rounds)
    return derived
  }
  return { cipher, kdf, publicBlob, sealed, tag, derive }
}

describe('openKeyFileChaCha20Poly1305', () => {
  const file = sealedKeyFile()
  const right = { ...file, derived: file.derive(PASSPHRASE) }

  it('opens the private section ssh-keygen sealed, as OpenSSH does', () => {
    expect([right.cipher, right.kdf]).toEqual([CHACHA20_POLY1305, 'bcrypt'])
    const opened = openKeyFileChaCha20Poly1305(right.derived, right.sealed, right.tag)
    if (!opened) throw new Error('the tag did not match')
    // PROTOCOL.key: two equal check numbers, then the key with the public half the file names.
    const reader = new WireReader(opened)
    expect(reader.uint32()).toBe(reader.uint32())
    expect(reader.text()).toBe('ssh-ed25519')
    const publicKey = reader.string()
    expect(new WireReader(right.publicBlob).string()).toEqual(Buffer.from('ssh-ed25519'))
    expect(right.publicBlob.subarray(-32)).toEqual(publicKey)
    expect(reader.string().subarray(32)).toEqual(publicKey)
  })

  it('uses only the first half of the 64-byte key (the second is the transport header key)', () => {
    const otherHeaderKey = Buffer.concat([right.derived.subarray(0, 32), Buffer.alloc(32, 7)])
    expect(openKeyFileChaCha20Poly1305(otherHeaderKey, right.sealed, right.tag)).toEqual(
      openKeyFileChaCha20Poly1305(right.derived, right.sealed, right.tag),
    )
  })

  it('returns nothing when the tag does not match: a wrong passphrase or a changed file', () => {
    expect(
      openKeyFileChaCha20Poly1305(file.derive('wrong passphrase'), right.sealed, right.tag),
    ).toBeUndefined()
    const changed = Buffer.from(right.sealed)
    changed[changed.length - 1] = (changed.at(-1) ?? 0) ^ 1
    expect(openKeyFileChaCha20Poly1305(right.derived, changed, right.tag)).toBeUndefined()
    expect(
      openKeyFileChaCha20Poly1305(right.derived, right.sealed, right.tag.subarray(0, 15)),
    ).toBeUndefined()
  })

  it('refuses a key of the wrong length', () => {
    expect(() =>
      openKeyFileChaCha20Poly1305(right.derived.subarray(0, 32), right.sealed, right.tag),
    ).toThrow('chacha20-poly1305 needs a 64-byte key')
  })
})
