import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CHACHA20_POLY1305 } from '../../../../src/main/core/keys/chacha20-poly1305'
import {
  fingerprintOf,
  fromKeyObject,
  publicBlob,
  publicKeyLine,
  type KeyMaterial,
} from '../../../../src/main/core/keys/key-material'
import {
  decryptChaCha20Poly1305,
  readOpenSshOrPem,
  writeOpenSshPrivateKey,
} from '../../../../src/main/core/keys/openssh-format'
import { sshString, uint32, WireReader } from '../../../../src/main/core/keys/ssh-wire'
import {
  makeKey,
  openSshKeyBytes,
  openSshKeyFile,
  PASSPHRASE,
  type KeyRecipe,
} from '../../../fixtures/key-files'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-openssh-format-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1')

const KEYS: ReadonlyArray<readonly [string, KeyMaterial]> = [
  ['ed25519', fromKeyObject(generateKeyPairSync('ed25519').privateKey, 'mailroom test')],
  [
    'ECDSA P-384',
    fromKeyObject(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'mailroom test'),
  ],
  [
    'RSA 2048',
    fromKeyObject(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'mailroom test'),
  ],
]

let written = 0
/** `text` as a private key file (mode 0600, as ssh-keygen insists), for the real tools. */
function keyFile(text: string | Buffer): string {
  written += 1
  const path = join(dir, `written-${written}`)
  writeFileSync(path, text, { mode: 0o600 })
  return path
}

/** What ssh-keygen -y prints for the key file at `path`, or its complaint. */
function sshKeygenPublic(path: string, passphrase: string): string {
  try {
    return execFileSync('ssh-keygen', ['-y', '-P', passphrase, '-f', path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
      .toString()
      .trim()
  } catch (error) {
    return `refused: ${String((error as { stderr?: Buffer }).stderr)}`
  }
}

/** A key file's fields in PROTOCOL.key's order, up to the private section. */
function fieldsOf(text: string) {
  const file = openSshKeyBytes(text)
  expect(file.subarray(0, MAGIC.length)).toEqual(MAGIC)
  const reader = new WireReader(file.subarray(MAGIC.length))
  return {
    cipher: reader.text(),
    kdf: reader.text(),
    kdfOptions: reader.string(),
    keys: reader.uint32(),
    publicKey: reader.string(),
    secret: reader.string(),
    rest: reader,
  }
}

describe('writeOpenSshPrivateKey', () => {
  it.each(KEYS)('%s: ssh-keygen reads it, plain and with its passphrase only', (_label, key) => {
    const plain = keyFile(writeOpenSshPrivateKey(key))
    expect(sshKeygenPublic(plain, '')).toBe(publicKeyLine(key))
    const locked = keyFile(writeOpenSshPrivateKey(key, PASSPHRASE))
    expect(sshKeygenPublic(locked, PASSPHRASE)).toBe(publicKeyLine(key))
    expect(sshKeygenPublic(locked, 'wrong passphrase')).toMatch(/^refused: .*incorrect passphrase/)
  })

  it('lays out an unencrypted file as ssh-keygen does', () => {
    const [, key] = KEYS[0] ?? []
    if (!key) throw new Error('no key')
    const text = writeOpenSshPrivateKey(key)
    expect(text).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n([A-Za-z0-9+/=]{70}\n)+[A-Za-z0-9+/=]{1,70}\n-----END OPENSSH PRIVATE KEY-----\n$/,
    )
    const fields = fieldsOf(text)
    expect(fields).toMatchObject({ cipher: 'none', kdf: 'none', keys: 1 })
    expect(fields.kdfOptions).toHaveLength(0)
    expect(fields.publicKey).toEqual(publicBlob(key))
    expect(fields.secret.length % 8).toBe(0)
    const secret = new WireReader(fields.secret)
    expect(secret.uint32()).toBe(secret.uint32())
    expect(secret.text()).toBe('ssh-ed25519')
    secret.string()
    secret.string()
    expect(secret.text()).toBe('mailroom test')
    // Then the padding, counting 1, 2, 3… to the end of a cipher block (8 bytes, unencrypted).
    const padding: number[] = []
    for (;;) {
      try {
        padding.push(secret.bytes(1)[0] ?? -1)
      } catch {
        break
      }
    }
    expect(padding).toEqual(Array.from({ length: padding.length }, (_, index) => index + 1))
    expect(padding.length).toBeLessThan(8)
    expect(() => fields.rest.bytes(1)).toThrow()
  })

  it('encrypts with bcrypt-pbkdf (16 rounds, a 16-byte salt) and aes256-ctr, a new salt each time', () => {
    const [, key] = KEYS[0] ?? []
    if (!key) throw new Error('no key')
    const first = fieldsOf(writeOpenSshPrivateKey(key, PASSPHRASE))
    const second = fieldsOf(writeOpenSshPrivateKey(key, PASSPHRASE))
    expect(first).toMatchObject({ cipher: 'aes256-ctr', kdf: 'bcrypt', keys: 1 })
    const options = new WireReader(first.kdfOptions)
    expect(options.string()).toHaveLength(16)
    expect(options.uint32()).toBe(16)
    expect(first.secret.length % 16).toBe(0)
    expect(first.kdfOptions).not.toEqual(second.kdfOptions)
    expect(first.secret).not.toEqual(second.secret)
    expect(first.secret.includes(Buffer.from('mailroom test'))).toBe(false)
  })
})

describe('readOpenSshOrPem', () => {
  it.each(KEYS)('%s: reads back what Mailroom wrote, number for number', (_label, key) => {
    expect(readOpenSshOrPem(Buffer.from(writeOpenSshPrivateKey(key)))).toEqual(key)
    expect(
      readOpenSshOrPem(Buffer.from(writeOpenSshPrivateKey(key, PASSPHRASE)), PASSPHRASE),
    ).toEqual(key)
  })

  it.each([
    ['ecdsa', false],
    ['rsa', true],
  ] as const)('reads a PEM %s key ssh-keygen wrote (encrypted: %s)', (type, encrypted) => {
    const recipe: KeyRecipe = { tool: 'ssh-keygen', type, format: 'pem', encrypted }
    const made = makeKey(dir, recipe, encrypted ? 1 : 0)
    const key = readOpenSshOrPem(readFileSync(made.path), made.passphrase)
    if (key instanceof Error) throw key
    expect(fingerprintOf(key)).toBe(made.fingerprint)
  })

  it("returns ssh2's reason instead of throwing, for the caller to explain", () => {
    const [, key] = KEYS[0] ?? []
    if (!key) throw new Error('no key')
    const locked = Buffer.from(writeOpenSshPrivateKey(key, PASSPHRASE))
    const reason = (data: Buffer, passphrase?: string) => {
      const result = readOpenSshOrPem(data, passphrase)
      return result instanceof Error ? result.message : 'read'
    }
    expect(reason(locked)).toBe('Encrypted private OpenSSH key detected, but no passphrase given')
    expect(reason(locked, 'wrong passphrase')).toBe(
      'OpenSSH key integrity check failed -- bad passphrase?',
    )
    expect(reason(Buffer.from(publicKeyLine(key)))).toBe('public key')
    expect(reason(Buffer.from('hello'))).toBe('Unsupported key format')
  })
})

describe('decryptChaCha20Poly1305', () => {
  const chacha: KeyRecipe = {
    tool: 'ssh-keygen',
    type: 'ed25519',
    format: 'openssh',
    encrypted: true,
    cipher: CHACHA20_POLY1305,
  }
  const made = makeKey(dir, chacha, 2)
  const sealed = readFileSync(made.path)
  const fields = fieldsOf(sealed.toString('latin1'))

  /** A chacha20-poly1305 key file with its fields replaced by `change`'s. */
  const rebuilt = (change: { kdf?: string; keys?: number; secret?: Buffer; tag?: Buffer }) =>
    Buffer.from(
      openSshKeyFile(
        Buffer.concat([
          MAGIC,
          sshString(CHACHA20_POLY1305),
          sshString(change.kdf ?? 'bcrypt'),
          sshString(fields.kdfOptions),
          uint32(change.keys ?? 1),
          sshString(fields.publicKey),
          sshString(change.secret ?? fields.secret),
          change.tag ?? openSshKeyBytes(sealed.toString('latin1')).subarray(-16),
        ]),
      ),
    )

  it('turns the file into the same key unencrypted, which ssh-keygen reads with no passphrase', () => {
    const opened = decryptChaCha20Poly1305(sealed, PASSPHRASE)
    if (opened instanceof Error) throw opened
    expect(fieldsOf(opened.toString('latin1'))).toMatchObject({ cipher: 'none', kdf: 'none' })
    const expected = readFileSync(`${made.path}.pub`, 'utf8').trim()
    expect(sshKeygenPublic(keyFile(opened), '')).toBe(expected)
  })

  it('hands back any other input as it is', () => {
    const [, key] = KEYS[0] ?? []
    if (!key) throw new Error('no key')
    for (const data of [
      Buffer.from(writeOpenSshPrivateKey(key)),
      Buffer.from(writeOpenSshPrivateKey(key, PASSPHRASE)),
      readFileSync(
        makeKey(dir, { tool: 'ssh-keygen', type: 'rsa', format: 'pem', encrypted: false }, 3).path,
      ),
      Buffer.from('hello'),
    ])
      expect(decryptChaCha20Poly1305(data, PASSPHRASE)).toBe(data)
  })

  it("refuses in ssh2's words: no passphrase, a wrong one, a damaged or cut file, another kdf", () => {
    const reason = (data: Buffer, passphrase?: string) => {
      const result = decryptChaCha20Poly1305(data, passphrase)
      return result instanceof Error ? result.message : 'opened'
    }
    expect(reason(sealed)).toBe('Encrypted private OpenSSH key detected, but no passphrase given')
    expect(reason(sealed, 'wrong passphrase')).toBe(
      "Bad passphrase: the key file's Poly1305 tag does not match",
    )
    expect(reason(rebuilt({}), PASSPHRASE)).toBe('opened')
    expect(reason(rebuilt({ tag: Buffer.alloc(16) }), PASSPHRASE)).toBe(
      "Bad passphrase: the key file's Poly1305 tag does not match",
    )
    expect(reason(rebuilt({ tag: Buffer.alloc(8) }), PASSPHRASE)).toBe(
      'Malformed OpenSSH private key',
    )
    expect(reason(rebuilt({ secret: fields.secret.subarray(0, -4) }), PASSPHRASE)).toBe(
      'Malformed OpenSSH private key',
    )
    expect(reason(rebuilt({ keys: 2 }), PASSPHRASE)).toBe('Malformed OpenSSH private key')
    expect(reason(rebuilt({ kdf: 'none' }), PASSPHRASE)).toBe(
      'Unsupported kdf name for OpenSSH key: none',
    )
    const cut = openSshKeyFile(
      Buffer.concat([MAGIC, sshString(CHACHA20_POLY1305), uint32(100), Buffer.from('bcr')]),
    )
    expect(reason(Buffer.from(cut), PASSPHRASE)).toBe('Malformed OpenSSH private key')
  })
})
