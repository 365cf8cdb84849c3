import type { PgpFingerprint, PgpKeyInfo } from '../../../src/shared/pgp'

export const NOW = Date.UTC(2026, 11, 7, 5, 0, 0)
const DAY = 24 * 60 * 60 * 1000

/** A key as `pgp:keys` lists it: a partner's sound public key unless the test says otherwise. */
export function pgpKey(change: Partial<PgpKeyInfo> = {}): PgpKeyInfo {
  return {
    fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' as PgpFingerprint,
    keyId: '89ABCDEF01234567',
    userIds: ['Partner Ltd <files@partner.example>'],
    algorithm: 'ed25519/cv25519',
    bits: 255,
    createdAt: NOW - 100 * DAY,
    expiresAt: null,
    revoked: false,
    weak: false,
    hasSecret: false,
    encrypted: false,
    origin: 'imported',
    addedAt: NOW - DAY,
    expired: false,
    expiresSoon: false,
    passphraseRemembered: false,
    ...change,
  }
}

export { DAY }
