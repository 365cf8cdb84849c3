import { generateKeyPairSync } from 'node:crypto'
import { fromKeyObject, publicKeyLine, type KeyMaterial } from './key-material'
import { writeOpenSshPrivateKey } from './openssh-format'

export type Ed25519Key = Extract<KeyMaterial, { type: 'ssh-ed25519' }>

/**
 * A new ed25519 key pair, what `ssh-keygen -t ed25519 -C comment` makes (and what gateways suggest).
 * Node makes the key; we encode it ourselves, because ssh2's own generator strips leading zero
 * bytes of the public key and about 1 key in 256 it makes cannot be read back (mscdex/ssh2 #1390).
 */
export function generateEd25519(comment: string): Ed25519Key {
  const { privateKey } = generateKeyPairSync('ed25519')
  const material = fromKeyObject(privateKey, comment)
  if (material.type !== 'ssh-ed25519') throw new Error('Node made a key of another type')
  return material
}

/** A new ed25519 key as files hold it: the OpenSSH private key and the authorized_keys line. */
export function generateEd25519KeyFile(comment: string): {
  readonly privateKey: string
  readonly publicKey: string
} {
  const key = generateEd25519(comment)
  return { privateKey: writeOpenSshPrivateKey(key), publicKey: publicKeyLine(key) }
}
