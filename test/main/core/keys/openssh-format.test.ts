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
  decryptOpenSshKeyFile,
  readOpenSshOrPem,
  writeEncryptedOpenSshPrivateKey,
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
  it.each(KEYS)(
    '%s: ssh-keygen reads it, plain and with its passphrase only',
    async (_label, key) => {
      const plain = keyFile(writeOpenSshPrivateKey(key))
      expect(sshKeygenPublic(plain, '')).toBe(publicKeyLine(key))
      const locked = keyFile(await writeEncryptedOpenSshPrivateKey(key, PASSPHRASE))
      expect(sshKeygenPublic(locked, PASSPHRASE)).toBe(publicKeyLine(key))
      expect(sshKeygenPublic(locked, 'wrong passphrase')).toMatch(
        /^refused: .*incorrect passphrase/,
      )
    },
  )

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

  it('encrypts with bcrypt-pbkdf (16 rounds, a 16-byte salt) and aes256-ctr, a new salt each time', async () => {
    const [, key] = KEYS[0] ?? []
    if (!key) throw new Error('no key')
    const first = fieldsOf(await writeEncryptedOpenSshPrivateKey(key, PASSPHRASE))
    const second = fieldsOf(await writeEncryptedOpenSshPrivateKey(key, PASSPHRASE))
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
  it.each(KEYS)('%s: reads back what Mailroom wrote, number for number', async (_label, key) => {
    expect(await readOpenSshOrPem(Buffer.from(writeOpenSshPrivateKey(key)))).toEqual(key)
    expect(
      await readOpenSshOrPem(
        Buffer.from(await writeEncryptedOpenSshPrivateKey(key, PASSPHRASE)),
        PASSPHRASE,
      ),
    ).toEqual(key)
  })

  it.each([
    ['ecdsa', false],
    ['rsa', true],
  ] as const)('reads a PEM %s key ssh-keygen wrote (encrypted: %s)', async (type, encrypted) => {
    const recipe: KeyRecipe = { tool: 'ssh-keygen', type, format: 'pem', encrypted }
    const made = makeKey(dir, recipe, encrypted ? 1 : 0)
    const key = await readOpenSshOrPem(readFileSync(made.path), made.passphrase)
    if (key instanceof Error) throw key
    expect(fingerprintOf(key)).toBe(made.fingerprint)
  })

  it("returns ssh2's reason instead of throwing, for the caller to explain", async () => {
    const [, key] = KEYS[0] ?? []
    if (!key) throw new Error('no key')
    const locked = Buffer.from(await writeEncryptedOpenSshPrivateKey(key, PASSPHRASE))
    const reason = async (data: Buffer, passphrase?: string) => {
      const result = await readOpenSshOrPem(data, passphrase)
      return result instanceof Error ? result.message : 'read'
    }
    expect(await reason(locked)).toBe(
      'Encrypted private OpenSSH key detected, but no passphrase given',
    )
    expect(await reason(locked, 'wrong passphrase')).toBe(
      'OpenSSH key integrity check failed -- bad passphrase?',
    )
    expect(await reason(Buffer.from(publicKeyLine(key)))).toBe('public key')
    expect(await reason(Buffer.from('hello'))).toBe('Unsupported key format')
  })
})

describe('decryptOpenSshKeyFile', () => {
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

  it('turns the file into the same key unencrypted, which ssh-keygen reads with no passphrase', async () => {
    const opened = await decryptOpenSshKeyFile(sealed, PASSPHRASE)
    if (opened instanceof Error) throw opened
    expect(fieldsOf(opened.toString('latin1'))).toMatchObject({ cipher: 'none', kdf: 'none' })
    const expected = readFileSync(`${made.path}.pub`, 'utf8').trim()
    expect(sshKeygenPublic(keyFile(opened), '')).toBe(expected)
  })

  it('hands back any input that is not an encrypted OpenSSH key file as it is', async () => {
    const [, key] = KEYS[0] ?? []
    if (!key) throw new Error('no key')
    for (const data of [
      Buffer.from(writeOpenSshPrivateKey(key)),
      readFileSync(
        makeKey(dir, { tool: 'ssh-keygen', type: 'rsa', format: 'pem', encrypted: true }, 3).path,
      ),
      Buffer.from('hello'),
    ])
      expect(await decryptOpenSshKeyFile(data, PASSPHRASE)).toBe(data)
  })

  it("refuses in ssh2's words: no passphrase, a wrong one, a damaged or cut file, another kdf", async () => {
    const reason = async (data: Buffer, passphrase?: string) => {
      const result = await decryptOpenSshKeyFile(data, passphrase)
      return result instanceof Error ? result.message : 'opened'
    }
    expect(await reason(sealed)).toBe(
      'Encrypted private OpenSSH key detected, but no passphrase given',
    )
    expect(await reason(sealed, 'wrong passphrase')).toBe(
      "Bad passphrase: the key file's Poly1305 tag does not match",
    )
    expect(await reason(rebuilt({}), PASSPHRASE)).toBe('opened')
    expect(await reason(rebuilt({ tag: Buffer.alloc(16) }), PASSPHRASE)).toBe(
      "Bad passphrase: the key file's Poly1305 tag does not match",
    )
    expect(await reason(rebuilt({ tag: Buffer.alloc(8) }), PASSPHRASE)).toBe(
      'Malformed OpenSSH private key',
    )
    expect(await reason(rebuilt({ secret: fields.secret.subarray(0, -4) }), PASSPHRASE)).toBe(
      'Malformed OpenSSH private key',
    )
    expect(await reason(rebuilt({ keys: 2 }), PASSPHRASE)).toBe('Malformed OpenSSH private key')
    expect(await reason(rebuilt({ kdf: 'none' }), PASSPHRASE)).toBe(
      'Unsupported kdf name for OpenSSH key: none',
    )
    const cut = openSshKeyFile(
      Buffer.concat([MAGIC, sshString(CHACHA20_POLY1305), uint32(100), Buffer.from('bcr')]),
    )
    expect(await reason(Buffer.from(cut), PASSPHRASE)).toBe('Malformed OpenSSH private key')
  })
})

describe('decryptOpenSshKeyFile with every cipher ssh-keygen -Z offers', () => {
  // `ssh -Q cipher` here; chacha20-poly1305 and aes256-ctr (the default) are tested above too.
  const ciphers = [
    '3des-cbc',
    'aes128-cbc',
    'aes192-cbc',
    'aes256-cbc',
    'aes128-ctr',
    'aes192-ctr',
    'aes256-ctr',
    'aes128-gcm@openssh.com',
    'aes256-gcm@openssh.com',
    'chacha20-poly1305@openssh.com',
  ]
  it.each(ciphers)(
    '%s: the same key unencrypted, and a wrong passphrase refused',
    async (cipher) => {
      const path = join(dir, `cipher-${cipher}`)
      execFileSync('ssh-keygen', [
        '-q',
        '-t',
        'ed25519',
        '-Z',
        cipher,
        '-N',
        PASSPHRASE,
        '-f',
        path,
      ])
      const sealed = readFileSync(path)
      expect(fieldsOf(sealed.toString('latin1'))).toMatchObject({ cipher, kdf: 'bcrypt' })
      const opened = await decryptOpenSshKeyFile(sealed, PASSPHRASE)
      if (opened instanceof Error) throw opened
      expect(fieldsOf(opened.toString('latin1'))).toMatchObject({ cipher: 'none', kdf: 'none' })
      expect(sshKeygenPublic(keyFile(opened), '')).toBe(readFileSync(`${path}.pub`, 'utf8').trim())
      const wrong = await decryptOpenSshKeyFile(sealed, 'wrong passphrase')
      expect(wrong).toBeInstanceOf(Error)
      expect((wrong as Error).message).toMatch(/bad passphrase/i)
    },
  )
})
