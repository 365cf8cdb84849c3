import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, unlink } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { decrypt, readMessage, type Message, type PrivateKey } from 'openpgp'
import { describeVerdict, type SignatureVerdict } from '../../../shared/pgp'
import {
  MailroomError,
  openPgpFailure,
  translateLocalError,
  translateOpenPgpError,
} from '../errors'
import { claimFinalName } from '../pickup/save-locally'
import { decompressionLimit } from './decompression-limit'
import { flushFile } from './flush-file'
import { OPENPGP_READ_CONFIG } from './openpgp-config'
import { classifyFile } from './openpgp-packets'
import type { KeyHold, PgpKeyring, UnlockOptions } from './pgp-keyring'
import { verdictOf } from './signature-verdict'

/** What to do with a decrypted file whose signature is not good. */
export type SignaturePolicy = 'require' | 'warn' | 'ignore'

/** One file to decrypt, where its plaintext goes, and how strict to be about its signature. */
export interface DecryptRequest {
  /** The encrypted file, kept as it is whatever happens. */
  readonly source: string
  /** The file's name in messages and in the passphrase question, when `source` is a part file. */
  readonly label?: string
  /** Where the decrypted file goes, and the name it should get there (never replacing one). */
  readonly folder: string
  readonly name: string
  /** The hidden part file to decrypt into (the pickup names it after its journal record). */
  readonly part?: string
  readonly policy: SignaturePolicy
  /** A secret key's passphrase when it is not remembered (the app asks; the command cannot). */
  readonly passphrase?: string
  /** A lower bound than the free disk space, for tests and the benchmark. */
  readonly maxDecompressedBytes?: number
  /** Stops the decryption: the part file is removed and a `cancelled` error thrown. */
  readonly signal?: AbortSignal
  /** The pickup's hold on unlocked keys: a cancelled passphrase question holds for that run only. */
  readonly hold?: KeyHold
  /** Told once, when the first decrypted bytes are on their way to the part file (tests kill there). */
  readonly onStarted?: () => void | Promise<void>
  /** Told of the encrypted file's bytes read so far, as their plaintext is written. */
  readonly onRead?: (bytes: number) => void
}

/** A file decrypted into its part file, flushed, not yet named. */
export interface DecryptedPart {
  readonly part: string
  readonly verdict: SignatureVerdict
  /** The SHA-256 of the decrypted bytes, hex, for the journal and recovery. */
  readonly sha256: string
}

/** A file decrypted and named, with what its signature proved. */
export interface DecryptedFile {
  readonly path: string
  readonly verdict: SignatureVerdict
}

/**
 * Decrypts an OpenPGP file to its own name beside it, streaming: openpgp.js would hold a
 * SEIPDv1 message's whole plaintext in memory until its MDC is checked at the end, unless it
 * may release it before (`allowUnauthenticatedStream`). It may, because the plaintext goes to a
 * hidden part file that gets its name only once the stream has ended without error, which is
 * when the MDC (or AEAD tag) has been checked, and, with policy 'require', the signature is
 * good. Any failure removes the part file and throws a MailroomError whose `detail.pgp` says why
 * (errors.ts: OpenPgpFailure); the encrypted file is never touched.
 */
export async function decryptFile(
  request: DecryptRequest,
  keyring: PgpKeyring,
): Promise<DecryptedFile> {
  const decrypted = await decryptToPart(request, keyring)
  try {
    const path = await claimFinalName(decrypted.part, request.folder, request.name)
    return { path, verdict: decrypted.verdict }
  } catch (error) {
    await unlink(decrypted.part).catch(() => undefined)
    throw error
  }
}

/**
 * The first half of decryptFile, for the pickup, which journals the decrypted part (with its
 * SHA-256) before naming it: the plaintext in a flushed part file, once the MDC (or AEAD tag)
 * and, with policy 'require', the signature have passed. Any failure removes the part file.
 */
export async function decryptToPart(
  request: DecryptRequest,
  keyring: PgpKeyring,
): Promise<DecryptedPart> {
  const label = request.label ?? basename(request.source)
  const content = await classifyFile(request.source)
  if (content !== 'message')
    throw openPgpFailure(
      'invalid-input',
      'not-a-message',
      content === 'public-key' || content === 'secret-key'
        ? `${JSON.stringify(label)} is an OpenPGP key, not a message: it was saved as it is.`
        : `${JSON.stringify(label)} is not an encrypted OpenPGP message.`,
    )
  const limit = await decompressionLimit(request.folder, request.maxDecompressedBytes)
  const part = request.part ?? join(request.folder, `.mailroom-decrypt-${randomUUID()}.part`)
  const input = createReadStream(request.source)
  try {
    const message = await readEncrypted(request.source, input)
    const decryptionKeys = await keysFor(message, keyring, request.passphrase, {
      purpose: 'decrypt',
      file: label,
      ...(request.hold ? { hold: request.hold } : {}),
      // A cancel while the question is open stops waiting (and withdraws it).
      ...(request.signal ? { signal: request.signal } : {}),
    })
    const verificationKeys = await keyring.publicKeys()
    const result = await decrypt({
      message,
      decryptionKeys,
      verificationKeys,
      format: 'binary',
      config: {
        ...OPENPGP_READ_CONFIG,
        allowUnauthenticatedStream: true,
        maxDecompressedMessageSize: limit,
      },
    })
    const hash = createHash('sha256')
    // Created before the first byte, so whoever is told `onStarted` finds the part file there.
    const output = (await open(part, 'wx', 0o600)).createWriteStream()
    await pipeline(
      Readable.fromWeb(result.data as unknown as WebReadableStream<Uint8Array>),
      hashing(hash, request.onStarted, () => request.onRead?.(input.bytesRead)),
      output,
      ...(request.signal ? [{ signal: request.signal }] : []),
    )
    await flushFile(part)
    const verdict = await verdictOf(result.signatures, verificationKeys, keyring.storedKeys())
    if (request.policy === 'require' && verdict.state !== 'good')
      throw openPgpFailure(
        'verify-failed',
        'not-verified',
        `${JSON.stringify(label)} was kept encrypted, not verified: ${describeVerdict(verdict)}.`,
      )
    return { part, verdict, sha256: hash.digest('hex') }
  } catch (error) {
    input.destroy()
    await unlink(part).catch(() => undefined)
    // Not a damaged file: an abort looks like a broken stream to openpgp.js.
    if (request.signal?.aborted)
      throw new MailroomError(
        'cancelled',
        `Decrypting ${JSON.stringify(label)} was cancelled.`,
        undefined,
        { cause: error },
      )
    throw translateOpenPgpError(error, label)
  }
}

/** Hashes what passes on its way to the part file; tells `onStarted` after the first piece. */
function hashing(
  hash: ReturnType<typeof createHash>,
  onStarted?: () => void | Promise<void>,
  onChunk?: () => void,
) {
  let told = false
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      this.push(chunk)
      onChunk?.()
      if (told || !onStarted) {
        callback()
        return
      }
      told = true
      Promise.resolve(onStarted()).then(
        () => callback(),
        (error: unknown) => callback(error as Error),
      )
    },
  })
}

/** Reads the message's packets up to its encrypted data, armored or binary. */
async function readEncrypted(path: string, input: Readable): Promise<Message<never>> {
  const web = Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>
  const head = await classifyArmor(path)
  const message = head
    ? await readMessage({
        armoredMessage: web.pipeThrough(new TextDecoderStream()),
        config: OPENPGP_READ_CONFIG,
      })
    : await readMessage({ binaryMessage: web, config: OPENPGP_READ_CONFIG })
  return message as unknown as Message<never>
}

async function classifyArmor(path: string): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'r')
    const buffer = Buffer.alloc(1)
    await handle.read(buffer, 0, 1, 0)
    // A binary packet starts with its top bit set; armor with text.
    return (buffer[0] ?? 0) < 0x80
  } catch (error) {
    throw translateLocalError(error, 'read', path)
  } finally {
    await handle?.close()
  }
}

/**
 * The own secret keys the message is encrypted to, unlocked. A message for none of them is
 * refused before any byte is decrypted, naming the keys it was for, as gpg does.
 */
async function keysFor(
  message: Message<never>,
  keyring: PgpKeyring,
  passphrase: string | undefined,
  unlocking: UnlockOptions & { readonly file: string },
): Promise<PrivateKey[]> {
  const label = unlocking.file
  const wanted = message.getEncryptionKeyIDs()
  // A hidden recipient (gpg --throw-keyids) is the key ID of zeros: any own key may be it.
  const hidden = wanted.some((id) => /^0+$/.test(id.toHex()))
  const own = keyring.storedKeys().filter((stored) => stored.hasSecret)
  const publicKeys = await keyring.publicKeys()
  const matching = own.filter((stored) => {
    const key = publicKeys.find(
      (candidate) => candidate.getFingerprint().toUpperCase() === stored.fingerprint,
    )
    return hidden || wanted.some((id) => (key?.getKeys(id).length ?? 0) > 0)
  })
  if (matching.length === 0) {
    const named = wanted.map((id) => `0x${id.toHex().toUpperCase()}`).join(', ')
    throw openPgpFailure(
      'bad-key',
      'no-key',
      wanted.length === 0
        ? `${JSON.stringify(label)} was kept as it is: it is not encrypted to a key (it is encrypted with a password, or only signed).`
        : `${JSON.stringify(label)} was kept encrypted: it is encrypted for key ${named}, which Mailroom does not have.`,
    )
  }
  return Promise.all(
    matching.map((stored) => keyring.unlock(stored.fingerprint, passphrase, unlocking)),
  )
}
