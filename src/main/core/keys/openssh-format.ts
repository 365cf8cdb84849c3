import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  randomBytes,
  type CipherGCMTypes,
} from 'node:crypto'
import ssh2 from 'ssh2'
import {
  CHACHA20_POLY1305,
  CHACHA20_POLY1305_KEY_LENGTH,
  CHACHA20_POLY1305_TAG_LENGTH,
  openKeyFileChaCha20Poly1305,
} from './chacha20-poly1305'
import { deriveKey } from './key-derivation'
import { fromKeyObject, publicBlob, type KeyMaterial } from './key-material'
import { mpint, sshString, TruncatedError, uint32, WireReader } from './ssh-wire'

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1')
const CIPHER = 'aes256-ctr'
const KDF_ROUNDS = 16 // what ssh-keygen uses by default

/**
 * Writes the key as an unencrypted OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE
 * KEY-----`, the format of PROTOCOL.key), exactly as `ssh-keygen` writes it, so OpenSSH, ssh2
 * and PuTTY all read it.
 */
export function writeOpenSshPrivateKey(key: KeyMaterial): string {
  return openSshKeyFile(key, undefined)
}

/**
 * The same file encrypted under `passphrase` with bcrypt-pbkdf (ssh-keygen's 16 rounds, derived
 * in a worker: key-derivation.ts) and aes256-ctr, as `ssh-keygen` writes it.
 */
export async function writeEncryptedOpenSshPrivateKey(
  key: KeyMaterial,
  passphrase: string,
): Promise<string> {
  const salt = randomBytes(16)
  const derived = await deriveKey({
    kind: 'bcrypt',
    passphrase: Buffer.from(passphrase, 'utf8'),
    salt,
    rounds: KDF_ROUNDS,
    length: 48,
  })
  try {
    return openSshKeyFile(key, { salt, derived })
  } finally {
    derived.fill(0)
  }
}

function openSshKeyFile(
  key: KeyMaterial,
  encryption: { readonly salt: Buffer; readonly derived: Buffer } | undefined,
): string {
  const checkInt = randomBytes(4)
  const body = Buffer.concat([checkInt, checkInt, privateFields(key), sshString(key.comment)])
  const blockSize = encryption ? 16 : 8
  const padding = Buffer.from(
    Array.from(
      { length: (blockSize - (body.length % blockSize)) % blockSize },
      (_, index) => index + 1,
    ),
  )
  let secret = Buffer.concat([body, padding])
  let kdfOptions = Buffer.alloc(0)
  if (encryption) {
    const { salt, derived } = encryption
    const cipher = createCipheriv('aes-256-ctr', derived.subarray(0, 32), derived.subarray(32))
    secret = Buffer.concat([cipher.update(secret), cipher.final()])
    kdfOptions = Buffer.concat([sshString(salt), uint32(KDF_ROUNDS)])
  }
  return armor(
    Buffer.concat([
      MAGIC,
      sshString(encryption ? CIPHER : 'none'),
      sshString(encryption ? 'bcrypt' : 'none'),
      sshString(kdfOptions),
      uint32(1),
      sshString(publicBlob(key)),
      sshString(secret),
    ]),
  )
}

function armor(file: Buffer): string {
  const lines = file.toString('base64').match(/.{1,70}/g) ?? []
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`
}

function privateFields(key: KeyMaterial): Buffer {
  switch (key.type) {
    case 'ssh-ed25519':
      return Buffer.concat([
        sshString(key.type),
        sshString(key.publicKey),
        sshString(Buffer.concat([key.seed, key.publicKey])),
      ])
    case 'ssh-rsa':
      return Buffer.concat([
        sshString(key.type),
        mpint(key.n),
        mpint(key.e),
        mpint(key.d),
        mpint(key.iqmp),
        mpint(key.p),
        mpint(key.q),
      ])
    default:
      return Buffer.concat([
        sshString(key.type),
        sshString(key.curve),
        sshString(key.point),
        mpint(key.d),
      ])
  }
}

/**
 * Reads an OpenSSH or PEM private key: an encrypted OpenSSH file is decrypted first, its key
 * derived in a worker (decryptOpenSshKeyFile), and ssh2's parser reads the result, decrypting a
 * PEM file itself (PEM's key derivation is one MD5 round, whatever the file says); the numbers
 * are then taken through Node's JWK export. Returns the reason as an Error, for the caller to
 * explain.
 */
export async function readOpenSshOrPem(
  data: Buffer,
  passphrase?: string,
): Promise<KeyMaterial | Error> {
  const readable = await decryptOpenSshKeyFile(data, passphrase)
  if (readable instanceof Error) return readable
  const parsed = ssh2.utils.parseKey(readable, readable === data ? passphrase : undefined)
  if (parsed instanceof Error) return parsed
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key) return new Error('Unsupported key format')
  if (!key.isPrivateKey()) return new Error('public key')
  return fromKeyObject(createPrivateKey(key.getPrivatePEM()), key.comment)
}

/**
 * The most bcrypt-pbkdf rounds Mailroom derives a key file's key with. ssh-keygen makes 16 and
 * more only when asked (`-a`; guides suggest 64 to a few hundred); each round costs about 20 ms
 * here, so this is some 20 seconds. A file asking for millions was made to keep the computer
 * busy, not by a person protecting a key.
 */
export const MAX_BCRYPT_ROUNDS = 1024

/** A key file whose key derivation costs far more than the tools that make key files ask for. */
export class KeyDerivationCostError extends Error {}

/**
 * OpenSSH's key file ciphers (cipher.c) as Node names them: key and IV lengths (both derived by
 * bcrypt-pbkdf), block length, and the tag that follows the private section of an AEAD cipher.
 */
const KEY_FILE_CIPHERS: Readonly<
  Record<string, { node: string; key: number; iv: number; block: number; tag: number }>
> = {
  'aes128-ctr': { node: 'aes-128-ctr', key: 16, iv: 16, block: 16, tag: 0 },
  'aes192-ctr': { node: 'aes-192-ctr', key: 24, iv: 16, block: 16, tag: 0 },
  'aes256-ctr': { node: 'aes-256-ctr', key: 32, iv: 16, block: 16, tag: 0 },
  'aes128-cbc': { node: 'aes-128-cbc', key: 16, iv: 16, block: 16, tag: 0 },
  'aes192-cbc': { node: 'aes-192-cbc', key: 24, iv: 16, block: 16, tag: 0 },
  'aes256-cbc': { node: 'aes-256-cbc', key: 32, iv: 16, block: 16, tag: 0 },
  '3des-cbc': { node: 'des-ede3-cbc', key: 24, iv: 8, block: 8, tag: 0 },
  'aes128-gcm@openssh.com': { node: 'aes-128-gcm', key: 16, iv: 12, block: 16, tag: 16 },
  'aes256-gcm@openssh.com': { node: 'aes-256-gcm', key: 32, iv: 12, block: 16, tag: 16 },
  [CHACHA20_POLY1305]: {
    node: CHACHA20_POLY1305,
    key: CHACHA20_POLY1305_KEY_LENGTH,
    iv: 0,
    block: 8,
    tag: CHACHA20_POLY1305_TAG_LENGTH,
  },
}

/** An encrypted OpenSSH key file's fields, read before any key is derived. */
interface SealedKeyFile {
  readonly cipher: string
  readonly salt: Buffer
  readonly rounds: number
  readonly publicKey: Buffer
  readonly sealed: Buffer
  readonly tag: Buffer
}

/**
 * The fields of an encrypted OpenSSH key file; undefined for anything else (an unencrypted file,
 * PEM, PPK, not a key), an Error in ssh2's words for a file Mailroom will not decrypt: damaged,
 * another KDF or cipher, or a key derivation far costlier than ssh-keygen makes.
 */
function sealedKeyFile(data: Buffer): SealedKeyFile | Error | undefined {
  const base64 =
    /-----BEGIN OPENSSH PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END OPENSSH PRIVATE KEY-----/.exec(
      data.toString('latin1'),
    )?.[1]
  const file = Buffer.from(base64 ?? '', 'base64')
  if (!file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined
  const reader = new WireReader(file.subarray(MAGIC.length))
  try {
    const cipher = reader.text()
    if (cipher === 'none') return undefined
    const kdf = reader.text()
    const kdfOptions = new WireReader(reader.string())
    if (kdf !== 'bcrypt') return new Error(`Unsupported kdf name for OpenSSH key: ${kdf}`)
    const spec = KEY_FILE_CIPHERS[cipher]
    if (!spec) return new Error(`Unsupported cipher for OpenSSH key: ${cipher}`)
    if (reader.uint32() !== 1) return new Error('Malformed OpenSSH private key')
    const publicKey = reader.string()
    const sealed = reader.string()
    // The tag of an AEAD cipher follows the private section, outside its length, and ends the file.
    const tag = file.subarray(sealed.byteOffset - file.byteOffset + sealed.length)
    if (tag.length !== spec.tag || sealed.length === 0 || sealed.length % spec.block)
      return new Error('Malformed OpenSSH private key')
    const salt = kdfOptions.string()
    const rounds = kdfOptions.uint32()
    if (rounds < 1) return new Error('Malformed OpenSSH private key')
    if (rounds > MAX_BCRYPT_ROUNDS)
      return new KeyDerivationCostError(
        `it asks for ${rounds.toLocaleString('en')} rounds of bcrypt to unlock it with its passphrase, where ssh-keygen makes 16 (more only when asked with -a). Mailroom unlocks key files of up to ${MAX_BCRYPT_ROUNDS} rounds and did not try this one, which would keep the computer busy for a very long time. If you made this key yourself, lower its rounds with "ssh-keygen -p -a 100 -f <file>" and import it again.`,
      )
    return { cipher, salt, rounds, publicKey, sealed, tag }
  } catch (error) {
    if (error instanceof TruncatedError) return new Error('Malformed OpenSSH private key')
    throw error
  }
}

/** Whether `data` is an OpenSSH key file encrypted with a passphrase (decryptOpenSshKeyFile's work). */
export function isEncryptedOpenSshKeyFile(data: Buffer): boolean {
  return sealedKeyFile(data) !== undefined
}

/**
 * Turns an encrypted OpenSSH key file into the same key file unencrypted, which ssh2 then reads
 * like any other, never deriving a key itself: ssh2 would run bcrypt-pbkdf in the main thread
 * for as many rounds as the file asks, and it cannot decrypt chacha20-poly1305 files at all
 * (`ssh-keygen -Z chacha20-poly1305@openssh.com`; it fails with "Invalid initialization
 * vector"). The key is derived in a worker (key-derivation.ts). Any other input comes back as
 * is. Errors use ssh2's words, so that explainKeyError names them as it names ssh2's own.
 */
export async function decryptOpenSshKeyFile(
  data: Buffer,
  passphrase?: string,
): Promise<Buffer | Error> {
  const file = sealedKeyFile(data)
  if (file === undefined || file instanceof Error) return file ?? data
  if (!passphrase)
    return new Error('Encrypted private OpenSSH key detected, but no passphrase given')
  const spec = KEY_FILE_CIPHERS[file.cipher]
  if (!spec) return new Error(`Unsupported cipher for OpenSSH key: ${file.cipher}`)
  const derived = await deriveKey({
    kind: 'bcrypt',
    passphrase: Buffer.from(passphrase, 'utf8'),
    salt: file.salt,
    rounds: file.rounds,
    length: spec.key + spec.iv,
  })
  let secret: Buffer | undefined
  try {
    secret =
      file.cipher === CHACHA20_POLY1305
        ? openKeyFileChaCha20Poly1305(derived, file.sealed, file.tag)
        : openWithNodeCipher(spec, derived, file)
  } finally {
    derived.fill(0)
  }
  if (!secret)
    return new Error(
      file.cipher === CHACHA20_POLY1305
        ? "Bad passphrase: the key file's Poly1305 tag does not match"
        : 'OpenSSH key integrity check failed -- bad passphrase?',
    )
  const unencrypted = armor(
    Buffer.concat([
      MAGIC,
      sshString('none'),
      sshString('none'),
      sshString(''),
      uint32(1),
      sshString(file.publicKey),
      sshString(secret),
    ]),
  )
  secret.fill(0)
  return Buffer.from(unencrypted, 'latin1')
}

/**
 * Decrypts the private section with an AES or 3DES cipher; undefined when the passphrase was
 * wrong: the GCM tag does not match, or the two check numbers that begin the section, equal
 * when it is decrypted with the right key, differ (as OpenSSH's sshkey.c checks them).
 */
function openWithNodeCipher(
  spec: { node: string; key: number; iv: number; tag: number },
  derived: Buffer,
  file: SealedKeyFile,
): Buffer | undefined {
  const key = derived.subarray(0, spec.key)
  const iv = derived.subarray(spec.key, spec.key + spec.iv)
  let secret: Buffer
  try {
    if (spec.tag) {
      const decipher = createDecipheriv(spec.node as CipherGCMTypes, key, iv, {
        authTagLength: spec.tag,
      })
      decipher.setAuthTag(file.tag)
      secret = Buffer.concat([decipher.update(file.sealed), decipher.final()])
    } else {
      const decipher = createDecipheriv(spec.node, key, iv).setAutoPadding(false)
      secret = Buffer.concat([decipher.update(file.sealed), decipher.final()])
    }
  } catch {
    return undefined
  }
  if (secret.length < 8 || !secret.subarray(0, 4).equals(secret.subarray(4, 8))) {
    secret.fill(0)
    return undefined
  }
  return secret
}
