import { createCipheriv, createPrivateKey, randomBytes } from 'node:crypto'
import bcryptPbkdf from 'bcrypt-pbkdf'
import ssh2 from 'ssh2'
import {
  CHACHA20_POLY1305,
  CHACHA20_POLY1305_KEY_LENGTH,
  CHACHA20_POLY1305_TAG_LENGTH,
  openKeyFileChaCha20Poly1305,
} from './chacha20-poly1305'
import { fromKeyObject, publicBlob, type KeyMaterial } from './key-material'
import { mpint, sshString, TruncatedError, uint32, WireReader } from './ssh-wire'

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1')
const CIPHER = 'aes256-ctr'
const KDF_ROUNDS = 16 // what ssh-keygen uses by default

/**
 * Writes the key as an OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`, the
 * format of PROTOCOL.key), encrypted with bcrypt-pbkdf and aes256-ctr when a passphrase is
 * given, exactly as `ssh-keygen` writes it, so OpenSSH, ssh2 and PuTTY all read it.
 */
export function writeOpenSshPrivateKey(key: KeyMaterial, passphrase?: string): string {
  const checkInt = randomBytes(4)
  const body = Buffer.concat([checkInt, checkInt, privateFields(key), sshString(key.comment)])
  const blockSize = passphrase ? 16 : 8
  const padding = Buffer.from(
    Array.from(
      { length: (blockSize - (body.length % blockSize)) % blockSize },
      (_, index) => index + 1,
    ),
  )
  let secret = Buffer.concat([body, padding])
  let kdfOptions = Buffer.alloc(0)
  if (passphrase) {
    const salt = randomBytes(16)
    const derived = bcryptKey(passphrase, salt, KDF_ROUNDS, 48)
    const cipher = createCipheriv('aes-256-ctr', derived.subarray(0, 32), derived.subarray(32))
    secret = Buffer.concat([cipher.update(secret), cipher.final()])
    kdfOptions = Buffer.concat([sshString(salt), uint32(KDF_ROUNDS)])
    derived.fill(0)
  }
  return armor(
    Buffer.concat([
      MAGIC,
      sshString(passphrase ? CIPHER : 'none'),
      sshString(passphrase ? 'bcrypt' : 'none'),
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

function bcryptKey(passphrase: string, salt: Buffer, rounds: number, length: number): Buffer {
  const derived = Buffer.alloc(length)
  const password = Buffer.from(passphrase, 'utf8')
  if (
    bcryptPbkdf.pbkdf(password, password.length, salt, salt.length, derived, length, rounds) !== 0
  ) {
    throw new Error('bcrypt-pbkdf failed')
  }
  return derived
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
 * Reads an OpenSSH or PEM private key through ssh2's parser (which decrypts it; a
 * chacha20-poly1305 file is decrypted first, below), then takes its numbers through Node's JWK
 * export. Returns ssh2's Error as is, for the caller to explain.
 */
export function readOpenSshOrPem(data: Buffer, passphrase?: string): KeyMaterial | Error {
  const readable = decryptChaCha20Poly1305(data, passphrase)
  if (readable instanceof Error) return readable
  const parsed = ssh2.utils.parseKey(readable, passphrase)
  if (parsed instanceof Error) return parsed
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key) return new Error('Unsupported key format')
  if (!key.isPrivateKey()) return new Error('public key')
  return fromKeyObject(createPrivateKey(key.getPrivatePEM()), key.comment)
}

/**
 * ssh2 decrypts OpenSSH key files encrypted with AES but not those `ssh-keygen -Z
 * chacha20-poly1305@openssh.com` writes (it fails with "Invalid initialization vector"), so
 * such a file is decrypted here into the same key file unencrypted, which ssh2 then reads like
 * any other. Any other input comes back as is. Errors use ssh2's words, so that
 * explainKeyError names them as it names ssh2's own.
 */
export function decryptChaCha20Poly1305(data: Buffer, passphrase?: string): Buffer | Error {
  const base64 =
    /-----BEGIN OPENSSH PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END OPENSSH PRIVATE KEY-----/.exec(
      data.toString('latin1'),
    )?.[1]
  const file = Buffer.from(base64 ?? '', 'base64')
  if (!file.subarray(0, MAGIC.length).equals(MAGIC)) return data
  const reader = new WireReader(file.subarray(MAGIC.length))
  try {
    if (reader.text() !== CHACHA20_POLY1305) return data
    const kdf = reader.text()
    const kdfOptions = new WireReader(reader.string())
    if (kdf !== 'bcrypt') return new Error(`Unsupported kdf name for OpenSSH key: ${kdf}`)
    if (reader.uint32() !== 1) return new Error('Malformed OpenSSH private key')
    const publicKey = reader.string()
    const sealed = reader.string()
    // The tag follows the private section, outside its length, and ends the file.
    const tag = file.subarray(sealed.byteOffset - file.byteOffset + sealed.length)
    if (tag.length !== CHACHA20_POLY1305_TAG_LENGTH || sealed.length === 0 || sealed.length % 8)
      return new Error('Malformed OpenSSH private key')
    if (!passphrase)
      return new Error('Encrypted private OpenSSH key detected, but no passphrase given')
    const salt = kdfOptions.string()
    const key = bcryptKey(passphrase, salt, kdfOptions.uint32(), CHACHA20_POLY1305_KEY_LENGTH)
    const secret = openKeyFileChaCha20Poly1305(key, sealed, tag)
    key.fill(0)
    if (!secret) return new Error("Bad passphrase: the key file's Poly1305 tag does not match")
    const unencrypted = armor(
      Buffer.concat([
        MAGIC,
        sshString('none'),
        sshString('none'),
        sshString(''),
        uint32(1),
        sshString(publicKey),
        sshString(secret),
      ]),
    )
    secret.fill(0)
    return Buffer.from(unencrypted, 'latin1')
  } catch (error) {
    if (error instanceof TruncatedError) return new Error('Malformed OpenSSH private key')
    throw error
  }
}
