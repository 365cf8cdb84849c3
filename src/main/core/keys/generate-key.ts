import { generateKeyPairSync } from 'node:crypto'
import { fromKeyObject, type KeyMaterial } from './key-material'

export type Ed25519Key = Extract<KeyMaterial, { type: 'ssh-ed25519' }>

/** A new ed25519 key pair, what `ssh-keygen -t ed25519 -C comment` makes (and what gateways suggest). */
export function generateEd25519(comment: string): Ed25519Key {
  const { privateKey } = generateKeyPairSync('ed25519')
  const material = fromKeyObject(privateKey, comment)
  if (material.type !== 'ssh-ed25519') throw new Error('Node made a key of another type')
  return material
}
