import { enums, type DecryptMessageResult, type PublicKey } from 'openpgp'
import type { PgpFingerprint, SignatureVerdict, StoredPgpKey } from '../../../shared/pgp'
import { displayName } from './key-facts'

/** One signature's result as openpgp.js gives it (its type is not exported by name). */
type VerificationResult = DecryptMessageResult['signatures'][number]

/**
 * What the signatures on a message prove, once its data has been read to the end (openpgp.js
 * settles `verified` only then). The first good signature wins; otherwise the most telling
 * failure is reported: SHA-1 before bad before unknown, since each says more than the next.
 */
export async function verdictOf(
  results: readonly VerificationResult[],
  verificationKeys: readonly PublicKey[],
  stored: readonly StoredPgpKey[],
): Promise<SignatureVerdict> {
  if (results.length === 0) return { state: 'not-signed' }
  const verdicts = await Promise.all(
    results.map((result) => verdictOfOne(result, verificationKeys, stored)),
  )
  const rank: Record<SignatureVerdict['state'], number> = {
    good: 0,
    sha1: 1,
    bad: 2,
    'unknown-signer': 3,
    'not-signed': 4,
  }
  return verdicts.sort((a, b) => rank[a.state] - rank[b.state])[0] ?? { state: 'not-signed' }
}

async function verdictOfOne(
  result: VerificationResult,
  verificationKeys: readonly PublicKey[],
  stored: readonly StoredPgpKey[],
): Promise<SignatureVerdict> {
  const keyId = result.keyID.toHex().toUpperCase()
  const signer = verificationKeys.find((key) => key.getKeys(result.keyID).length > 0)
  // Settled in every branch, so that no rejection is left unhandled.
  const verified = await result.verified.then(
    () => true,
    () => false,
  )
  if (!signer) return { state: 'unknown-signer', keyId }
  // openpgp.js refuses SHA-1 message signatures as it should; telling it apart from a forgery
  // needs the hash the signature names.
  const signature = await result.signature.catch(() => undefined)
  const hash = signature?.packets[0]?.hashAlgorithm
  if (hash === enums.hash.sha1 || hash === enums.hash.md5 || hash === enums.hash.ripemd)
    return { state: 'sha1', keyId }
  if (!verified) return { state: 'bad', keyId }
  const fingerprint = signer.getFingerprint().toUpperCase() as PgpFingerprint
  const facts = stored.find((key) => key.fingerprint === fingerprint)
  return {
    state: 'good',
    fingerprint,
    name: facts ? displayName(facts) : (signer.getUserIDs()[0] ?? `0x${keyId}`),
    weakKey: facts?.weak ?? false,
  }
}
