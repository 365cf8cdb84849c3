import { readFile } from 'node:fs/promises'
import ssh2, { type ParsedKey } from 'ssh2'
import { MailroomError, translateLocalError } from '../errors'
import { DSA_KEY, unsupportedKeyMessage } from './key-material'
import {
  decryptOpenSshKeyFile,
  isEncryptedOpenSshKeyFile,
  KeyDerivationCostError,
} from './openssh-format'

/** A private key read and checked before connecting, so its problems are named, not guessed at. */
export interface LoadedPrivateKey {
  readonly data: Buffer
  readonly passphrase?: string
  /** The SSH type of the key, e.g. `ssh-ed25519`. */
  readonly type: string
}

/** No private key file is anywhere near this size: a larger file is something else. */
export const KEY_FILE_LIMIT = 64 * 1024

/** Reads the private key at `path` and decrypts it with `passphrase` to prove that it is usable. */
export async function loadPrivateKey(path: string, passphrase?: string): Promise<LoadedPrivateKey> {
  let data: Buffer
  try {
    data = await readFile(path)
  } catch (error) {
    throw translateLocalError(error, 'read the private key', path)
  }
  if (data.length > KEY_FILE_LIMIT) {
    throw new MailroomError(
      'bad-key',
      `${path} is ${data.length} bytes: too large to be a private key file.`,
    )
  }
  return readPrivateKey(data, path, passphrase)
}

/**
 * Checks key bytes; `source` names them in messages (a file path, or "the pasted key"). An
 * encrypted OpenSSH key file is decrypted first, its key derived in a worker, and handed on
 * decrypted, so that neither this check nor ssh2's login derives it again in the main thread.
 */
export async function readPrivateKey(
  data: Buffer,
  source: string,
  passphrase?: string,
): Promise<LoadedPrivateKey> {
  const readable = await decryptOpenSshKeyFile(data, passphrase)
  if (readable instanceof Error) throw explainKeyError(readable, data, source, passphrase)
  return parsePrivateKey(readable, source, readable === data ? passphrase : undefined)
}

/**
 * Checks key bytes that need no key derivation: an unencrypted key file, a PEM file (whose
 * passphrase takes one MD5 round) or a PPK version 2 one. readPrivateKey decrypts an OpenSSH
 * one first; given one here, ssh2 would derive its key in the main thread, as many rounds as
 * the file asks, so it is refused.
 */
export function parsePrivateKey(
  data: Buffer,
  source: string,
  passphrase?: string,
): LoadedPrivateKey {
  if (isEncryptedOpenSshKeyFile(data))
    throw new MailroomError(
      'internal',
      `${source} is an encrypted OpenSSH key file: it must be decrypted by readPrivateKey first.`,
    )
  const parsed = ssh2.utils.parseKey(data, passphrase)
  if (parsed instanceof Error) throw explainKeyError(parsed, data, source, passphrase)
  const key: ParsedKey | undefined = Array.isArray(parsed) ? parsed[0] : parsed
  if (!key) throw new MailroomError('bad-key', `${source} holds no key.`)
  if (!key.isPrivateKey()) {
    throw new MailroomError(
      'bad-key',
      `${source} is a public key. Mailroom needs the private key (the file without .pub).`,
    )
  }
  if (key.type === 'ssh-dss')
    throw new MailroomError('bad-key', unsupportedKeyMessage(source, DSA_KEY))
  return passphrase ? { data, passphrase, type: key.type } : { data, type: key.type }
}

/** Turns ssh2's key parser error into what the person should do. */
export function explainKeyError(
  error: Error,
  data: Buffer,
  source: string,
  passphrase?: string,
): MailroomError {
  if (error instanceof KeyDerivationCostError)
    return new MailroomError('bad-key', `${source} was not unlocked: ${error.message}`)
  const reason = error.message
  if (/no passphrase given/i.test(reason)) {
    return new MailroomError(
      'passphrase-needed',
      `The key ${source} is protected by a passphrase. Enter it to connect.`,
    )
  }
  if (/bad passphrase/i.test(reason) || (passphrase && /integrity check failed/i.test(reason))) {
    return new MailroomError(
      'bad-passphrase',
      `The passphrase for ${source} is wrong. Type it again.`,
    )
  }
  const text = data.subarray(0, 200).toString('latin1')
  if (
    /^(ssh-|ecdsa-|sk-)\S+ [A-Za-z0-9+/]/.test(text) ||
    text.startsWith('---- BEGIN SSH2 PUBLIC KEY')
  ) {
    return new MailroomError(
      'bad-key',
      `${source} is a public key. Mailroom needs the private key (the file without .pub).`,
    )
  }
  if (
    /Unsupported (OpenSSH private key type|key type|cipher|kdf)|Unsupported private key EC OID/i.test(
      reason,
    )
  ) {
    return new MailroomError('bad-key', `${source} uses something Mailroom cannot read: ${reason}.`)
  }
  if (/Malformed|integrity check failed/i.test(reason)) {
    return new MailroomError(
      'bad-key',
      `${source} is damaged or cut short: it is not a complete private key.`,
    )
  }
  return new MailroomError(
    'bad-key',
    `${source} is not a private key file Mailroom can read (OpenSSH, PEM or PuTTY).`,
  )
}
