import { generateKeyPairSync } from 'node:crypto'
import { fromKeyObject, type KeyMaterial } from './key-material'

/** A new ed25519 key pair, what `ssh-keygen -t ed25519 -C comment` makes (and what gateways suggest). */
export function generateEd25519(comment: string): KeyMaterial {
  const { privateKey } = generateKeyPairSync('ed25519')
  return fromKeyObject(privateKey, comment)
}
