import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { createMessage, encrypt, readKey, type PrivateKey } from 'openpgp'
import { encryptedName, type PgpFingerprint, type StoredPgpKey } from '../../../shared/pgp'
import { MailroomError, translateOpenPgpError } from '../errors'
import { claimFinalName } from '../pickup/save-locally'
import { describeKey, displayName } from './key-facts'
import { flushFile } from './flush-file'
import { OPENPGP_READ_CONFIG, OPENPGP_WRITE_CONFIG } from './openpgp-config'
import type { PgpKeyring } from './pgp-keyring'

/** One file to encrypt, to whom, signed or not, and in which form. */
export interface EncryptRequest {
  readonly source: string
  /** Where the encrypted copy is made: the data folder, removed by the caller after the send. */
  readonly folder: string
  readonly recipients: readonly PgpFingerprint[]
  /** The own key to sign with; none: not signed. */
  readonly signWith?: PgpFingerprint
  readonly passphrase?: string
  /** `.asc` text (armored) or `.pgp` binary; partners' guides say which they take. */
  readonly armored: boolean
  /** The plain name it is sent under, when not the source's own (a suffix against duplicates). */
  readonly name?: string
  /** Told of the source's bytes read so far, as they are encrypted. */
  readonly onRead?: (bytes: number) => void
  /** Stops the encryption: the part file is removed and a `cancelled` error thrown. */
  readonly signal?: AbortSignal
}

/** The encrypted copy and the name it is sent under (the source's name with `.pgp` or `.asc`). */
export interface EncryptedFile {
  readonly path: string
  readonly name: string
}

/**
 * Encrypts a file to partners' keys, optionally signed, streaming from the file to the copy so
 * that a file of any size passes through in bounded memory. Written for GnuPG 2.2 to read:
 * SEIPDv1 with MDC to v4 keys (openpgp.js picks SEIPDv2 only for keys that announce it).
 */
export async function encryptFile(
  request: EncryptRequest,
  keyring: PgpKeyring,
): Promise<EncryptedFile> {
  if (request.recipients.length === 0)
    throw new MailroomError('invalid-input', 'Choose at least one key to encrypt to.')
  const stored = keyring.storedKeys()
  const encryptionKeys = await Promise.all(
    request.recipients.map(async (fingerprint) => {
      const facts = usableRecipient(stored, fingerprint)
      return readKey({ armoredKey: facts.publicKey, config: OPENPGP_READ_CONFIG })
    }),
  )
  const signingKeys: PrivateKey[] = request.signWith
    ? [await keyring.unlock(request.signWith, request.passphrase)]
    : []
  const plainName = request.name ?? basename(request.source)
  const name = encryptedName(plainName, request.armored)
  const part = join(request.folder, `.mailroom-encrypt-${randomUUID()}.part`)
  const input = createReadStream(request.source)
  if (request.onRead) {
    const { onRead } = request
    let read = 0
    input.on('data', (chunk) => onRead((read += chunk.length)))
  }
  try {
    const message = await createMessage({
      binary: Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>,
      filename: plainName,
      format: 'binary',
    })
    const options = { message, encryptionKeys, signingKeys, config: OPENPGP_WRITE_CONFIG }
    const encrypted = request.armored
      ? await encrypt({ ...options, format: 'armored' })
      : await encrypt({ ...options, format: 'binary' })
    await pipeline(
      Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array | string>),
      createWriteStream(part, { flags: 'wx', mode: 0o600 }),
      ...(request.signal ? [{ signal: request.signal }] : []),
    )
    await flushFile(part)
    const path = await claimFinalName(part, request.folder, name)
    return { path, name }
  } catch (error) {
    input.destroy()
    await unlink(part).catch(() => undefined)
    if (request.signal?.aborted)
      throw new MailroomError(
        'cancelled',
        `Encrypting ${JSON.stringify(basename(request.source))} was cancelled.`,
        undefined,
        { cause: error },
      )
    throw error instanceof MailroomError
      ? error
      : translateOpenPgpError(error, basename(request.source))
  }
}

/**
 * A partner key fit to encrypt to: known, not revoked, not expired, not weak (RSA under 2048
 * bits, DSA, ElGamal: such a key still verifies what the partner signs, but nothing new is
 * entrusted to it).
 */
function usableRecipient(
  stored: readonly StoredPgpKey[],
  fingerprint: PgpFingerprint,
): StoredPgpKey {
  const facts = stored.find((key) => key.fingerprint === fingerprint)
  if (!facts)
    throw new MailroomError(
      'not-found',
      `Mailroom has no OpenPGP key ${fingerprint}: import the partner's key first.`,
    )
  const who = `${displayName(facts)} (${facts.fingerprint})`
  if (facts.revoked)
    throw new MailroomError(
      'bad-key',
      `The key of ${who} is revoked: ask the partner for a new one.`,
    )
  if (describeKey(facts, false).expired)
    throw new MailroomError(
      'bad-key',
      `The key of ${who} has expired: ask the partner for a new one.`,
    )
  if (facts.weak)
    throw new MailroomError(
      'bad-key',
      `The key of ${who} is ${facts.algorithm}, too weak to encrypt to (RSA of 2048 bits at least, no DSA or ElGamal): ask the partner for a new one.`,
    )
  return facts
}
