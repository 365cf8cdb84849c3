import { createCipheriv, createPrivateKey, randomBytes } from 'node:crypto'
import bcryptPbkdf from 'bcrypt-pbkdf'
import ssh2 from 'ssh2'
import { fromKeyObject, publicBlob, type KeyMaterial } from './key-material'
import { mpint, sshString, uint32 } from './ssh-wire'

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
    const derived = Buffer.alloc(48)
    const password = Buffer.from(passphrase, 'utf8')
    if (
      bcryptPbkdf.pbkdf(
        password,
        password.length,
        salt,
        salt.length,
        derived,
        derived.length,
        KDF_ROUNDS,
      ) !== 0
    ) {
      throw new Error('bcrypt-pbkdf failed')
    }
    const cipher = createCipheriv('aes-256-ctr', derived.subarray(0, 32), derived.subarray(32))
    secret = Buffer.concat([cipher.update(secret), cipher.final()])
    kdfOptions = Buffer.concat([sshString(salt), uint32(KDF_ROUNDS)])
    derived.fill(0)
  }
  const file = Buffer.concat([
    MAGIC,
    sshString(passphrase ? CIPHER : 'none'),
    sshString(passphrase ? 'bcrypt' : 'none'),
    sshString(kdfOptions),
    uint32(1),
    sshString(publicBlob(key)),
    sshString(secret),
  ])
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
 * Reads an OpenSSH or PEM private key through ssh2's parser (which decrypts it), then takes its
 * numbers through Node's JWK export. Returns ssh2's Error as is, for the caller to explain.
 */
export function readOpenSshOrPem(data: Buffer, passphrase?: string): KeyMaterial | Error {
  const parsed = ssh2.utils.parseKey(data, passphrase)
  if (parsed instanceof Error) return parsed
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key) return new Error('Unsupported key format')
  if (!key.isPrivateKey()) return new Error('public key')
  return fromKeyObject(createPrivateKey(key.getPrivatePEM()), key.comment)
}
