import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { createMessage, readSignature, verify, type Signature } from 'openpgp'
import type { SignatureVerdict } from '../../../shared/pgp'
import { openPgpFailure, translateLocalError } from '../errors'
import { OPENPGP_READ_CONFIG } from './openpgp-config'
import { isArmored } from './openpgp-packets'
import type { PgpKeyring } from './pgp-keyring'
import { verdictOf } from './signature-verdict'

/** A detached signature is a few hundred bytes; anything far larger is not one. */
const LARGEST_SIGNATURE_FILE = 1024 * 1024

/** The file a detached signature names: `invoice.xml` for `invoice.xml.sig` or `.asc`. */
export function signedFileName(signatureName: string): string | null {
  const match = /^(.+)\.(sig|asc)$/i.exec(signatureName)
  return match?.[1] ?? null
}

/**
 * Verifies `file` against its detached signature (`invoice.xml` with `invoice.xml.sig` or
 * `.asc`, picked up together), streaming the file through the hash.
 */
export async function verifyDetached(
  file: string,
  signatureFile: string,
  keyring: PgpKeyring,
): Promise<SignatureVerdict> {
  const signature = await readSignatureFile(signatureFile)
  const verificationKeys = await keyring.publicKeys()
  const result = await verify({
    message: await createMessage({
      binary: Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>,
      format: 'binary',
    }),
    signature,
    verificationKeys,
    format: 'binary',
    config: OPENPGP_READ_CONFIG,
  })
  // The hash is computed as the data is read: read it to the end, then ask for the verdict.
  try {
    for await (const chunk of Readable.fromWeb(result.data as never)) void chunk
  } catch (error) {
    throw translateLocalError(error, 'read', file)
  }
  return verdictOf(result.signatures, verificationKeys, keyring.storedKeys())
}

async function readSignatureFile(path: string): Promise<Signature> {
  let data: Buffer
  try {
    data = await readFile(path)
  } catch (error) {
    throw translateLocalError(error, 'read', path)
  }
  try {
    if (data.length > LARGEST_SIGNATURE_FILE) throw new Error('too large for a signature')
    return isArmored(data)
      ? await readSignature({
          armoredSignature: data.toString('utf8'),
          config: OPENPGP_READ_CONFIG,
        })
      : await readSignature({ binarySignature: data, config: OPENPGP_READ_CONFIG })
  } catch (error) {
    throw openPgpFailure(
      'verify-failed',
      'damaged',
      `${JSON.stringify(basename(path))} is not an OpenPGP signature Mailroom can read.`,
      error,
    )
  }
}
