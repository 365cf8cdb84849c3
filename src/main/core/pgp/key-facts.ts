import type { AlgorithmInfo, Key } from 'openpgp'
import type { PgpFingerprint, PgpKeyInfo, StoredPgpKey } from '../../../shared/pgp'

/** How long before a key expires the key list warns about it. */
export const EXPIRY_WARNING_MS = 30 * 24 * 60 * 60 * 1000

/** RSA keys below this size are weak: read and verified, never encrypted to. */
export const SMALLEST_STRONG_RSA_BITS = 2048

const CURVE_BITS: Record<string, number> = {
  ed25519Legacy: 255,
  curve25519Legacy: 255,
  nistP256: 256,
  nistP384: 384,
  nistP521: 521,
  secp256k1: 256,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
}

/** An algorithm as GnuPG's key listing names it ("rsa3072", "ed25519", "cv25519"), shortened. */
function algorithmName(info: AlgorithmInfo): string {
  switch (info.algorithm) {
    case 'rsaEncryptSign':
    case 'rsaEncrypt':
    case 'rsaSign':
      return `RSA ${info.bits ?? '?'}`
    case 'dsa':
      return `DSA ${info.bits ?? '?'}`
    case 'elgamal':
      return `ElGamal ${info.bits ?? '?'}`
    case 'eddsaLegacy':
      return info.curve === 'ed25519Legacy' ? 'ed25519' : `EdDSA ${info.curve ?? ''}`.trim()
    case 'ecdh':
      return info.curve === 'curve25519Legacy' ? 'cv25519' : `ECDH ${info.curve ?? ''}`.trim()
    case 'ecdsa':
      return `ECDSA ${info.curve ?? ''}`.trim()
    default:
      // RFC 9580's own curve algorithms (ed25519, x25519, ed448, x448) are named as they are.
      return info.algorithm
  }
}

function bitsOf(info: AlgorithmInfo): number {
  return info.bits ?? (info.curve ? (CURVE_BITS[info.curve] ?? 0) : algorithmBits(info.algorithm))
}

function algorithmBits(algorithm: string): number {
  if (algorithm === 'ed25519' || algorithm === 'x25519') return 255
  if (algorithm === 'ed448' || algorithm === 'x448') return 448
  return 0
}

/** DSA and ElGamal are weak at any size (GnuPG made them legacy); RSA below 2048 bits too. */
export function isWeakAlgorithm(info: AlgorithmInfo): boolean {
  if (info.algorithm === 'dsa' || info.algorithm === 'elgamal') return true
  return info.algorithm.startsWith('rsa') && (info.bits ?? 0) < SMALLEST_STRONG_RSA_BITS
}

/** The facts of a key, read once when it is imported or made, to keep in the settings file. */
export async function factsOf(
  key: Key,
  origin: StoredPgpKey['origin'],
  secret: { hasSecret: boolean; encrypted: boolean },
): Promise<StoredPgpKey> {
  const primary = key.getAlgorithmInfo()
  const infos = [primary, ...key.getSubkeys().map((sub) => sub.getAlgorithmInfo())]
  const expiration = await key.getExpirationTime().catch(() => null)
  return {
    fingerprint: key.getFingerprint().toUpperCase() as PgpFingerprint,
    keyId: key.getKeyID().toHex().toUpperCase(),
    userIds: key.getUserIDs(),
    algorithm: [...new Set(infos.map(algorithmName))].join('/'),
    bits: bitsOf(primary),
    createdAt: key.getCreationTime().getTime(),
    expiresAt: expiration instanceof Date ? expiration.getTime() : null,
    revoked: await key.isRevoked(),
    weak: infos.some(isWeakAlgorithm),
    hasSecret: secret.hasSecret,
    encrypted: secret.encrypted,
    origin,
    addedAt: Date.now(),
    publicKey: key.toPublic().armor(),
  }
}

/** What the stored facts mean at `now`: expired, expiring within 30 days. */
export function describeKey(
  stored: StoredPgpKey,
  passphraseRemembered: boolean,
  now = Date.now(),
): PgpKeyInfo {
  const { publicKey: _publicKey, ...facts } = stored
  const expired = stored.expiresAt !== null && stored.expiresAt <= now
  return {
    ...facts,
    expired,
    expiresSoon:
      !expired && stored.expiresAt !== null && stored.expiresAt - now < EXPIRY_WARNING_MS,
    passphraseRemembered,
  }
}

/** The name a person knows a key by: its first user ID, or its key ID. */
export function displayName(stored: Pick<StoredPgpKey, 'userIds' | 'keyId'>): string {
  return stored.userIds[0] ?? `0x${stored.keyId}`
}
