import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import ssh2 from 'ssh2'
import { MailroomError, translateLocalError } from '../errors'
import {
  publicKeyLine,
  unsupportedKeyMessage,
  UnsupportedKeyError,
  type KeyMaterial,
} from './key-material'
import { explainKeyError, KEY_FILE_LIMIT } from './load-private-key'
import { readOpenSshOrPem, writeOpenSshPrivateKey } from './openssh-format'
import { looksLikePpk, PpkError, readPpk } from './ppk-format'

/** A private key read from any format Mailroom accepts, proven to match its public half. */
export interface ImportedKey {
  readonly material: KeyMaterial
  /** Whether the source was protected by a passphrase (it stays protected by it in Mailroom). */
  readonly encrypted: boolean
  readonly format: 'openssh' | 'pem' | 'ppk-v2' | 'ppk-v3'
}

/** importPrivateKey of the file at `path`, named in messages by its file name. */
export async function importPrivateKeyFile(
  path: string,
  passphrase?: string,
): Promise<ImportedKey> {
  const data = await readFile(path).catch((error: unknown) => {
    throw translateLocalError(error, 'read the key file', path)
  })
  return importPrivateKey(data, basename(path), passphrase)
}

/**
 * Reads OpenSSH (ed25519, ECDSA, RSA; encrypted with AES or chacha20-poly1305 too), PEM (RSA,
 * EC; encrypted too) and PuTTY .ppk versions 2 and 3. `source` names the input in messages
 * ("id_ed25519", "the pasted key").
 */
export async function importPrivateKey(
  data: Buffer,
  source: string,
  passphrase?: string,
): Promise<ImportedKey> {
  if (data.length > KEY_FILE_LIMIT)
    throw new MailroomError('bad-key', `${source} is too large to be a private key.`)
  const text = data.toString('utf8')
  let imported: ImportedKey
  try {
    imported = looksLikePpk(text)
      ? await fromPpk(text, source, passphrase)
      : await fromOpenSsh(data, source, passphrase)
  } catch (error) {
    if (error instanceof UnsupportedKeyError)
      throw new MailroomError('bad-key', unsupportedKeyMessage(source, error.what))
    throw error
  }
  checkPair(imported.material, source)
  return imported
}

async function fromPpk(text: string, source: string, passphrase?: string): Promise<ImportedKey> {
  const version = /^PuTTY-User-Key-File-3:/.test(text.trimStart()) ? 'ppk-v3' : 'ppk-v2'
  try {
    const material = await readPpk(text, passphrase)
    return { material, encrypted: /^Encryption: aes256-cbc$/m.test(text), format: version }
  } catch (error) {
    if (!(error instanceof PpkError)) throw error
    switch (error.reason) {
      case 'passphrase-needed':
        throw new MailroomError(
          'passphrase-needed',
          `The PuTTY key ${source} is protected by a passphrase. Enter it to import the key.`,
        )
      case 'bad-passphrase-or-mac':
        throw new MailroomError(
          'bad-passphrase',
          `The passphrase for ${source} is wrong (or the file was changed: its MAC does not match). Type it again.`,
        )
      case 'bad-mac':
        throw new MailroomError(
          'bad-key',
          `${source} was changed or damaged: its MAC does not match, so Mailroom will not use it.`,
        )
      case 'unsupported':
        throw new MailroomError('bad-key', unsupportedKeyMessage(source, error.message))
      case 'malformed':
        throw new MailroomError('bad-key', `${source} is damaged or cut short: ${error.message}.`)
      case 'too-costly':
        throw new MailroomError('bad-key', `${source} was not unlocked: ${error.message}`)
    }
  }
}

async function fromOpenSsh(
  data: Buffer,
  source: string,
  passphrase?: string,
): Promise<ImportedKey> {
  // ssh2 derives no key without a passphrase: this only asks whether the file has one.
  const withoutPassphrase = ssh2.utils.parseKey(data)
  const encrypted =
    withoutPassphrase instanceof Error && /no passphrase given/i.test(withoutPassphrase.message)
  const material = await readOpenSshOrPem(data, encrypted ? passphrase : undefined)
  if (material instanceof Error) {
    if (material.message === 'public key') {
      throw new MailroomError(
        'bad-key',
        `${source} is a public key. Mailroom needs the private key (the file without .pub).`,
      )
    }
    throw explainKeyError(material, data, source, passphrase)
  }
  return {
    material,
    encrypted,
    format: data.toString('latin1').includes('BEGIN OPENSSH PRIVATE KEY') ? 'openssh' : 'pem',
  }
}

/** Signs with the private half and verifies with the public half, so a mismatched pair is refused. */
function checkPair(material: KeyMaterial, source: string): void {
  const privateKey = ssh2.utils.parseKey(writeOpenSshPrivateKey(material))
  const publicKey = ssh2.utils.parseKey(publicKeyLine(material))
  const challenge = randomBytes(32)
  const ok =
    !(privateKey instanceof Error) &&
    !(publicKey instanceof Error) &&
    !Array.isArray(privateKey) &&
    !Array.isArray(publicKey) &&
    publicKey.verify(challenge, privateKey.sign(challenge)) === true
  if (!ok)
    throw new MailroomError(
      'bad-key',
      `${source} is damaged: its private half does not match its public half.`,
    )
}
