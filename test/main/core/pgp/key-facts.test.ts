import { describe, expect, it } from 'vitest'
import { describeKey, isWeakAlgorithm } from '../../../../src/main/core/pgp/key-facts'
import type { PgpFingerprint, StoredPgpKey } from '../../../../src/shared/pgp'

const DAY = 24 * 60 * 60 * 1000
const NOW = Date.UTC(2026, 0, 15)

function stored(expiresAt: number | null): StoredPgpKey {
  return {
    fingerprint: 'A'.repeat(40) as PgpFingerprint,
    keyId: 'A'.repeat(16),
    userIds: ['Partner <p@partner.test>'],
    algorithm: 'ed25519/cv25519',
    bits: 255,
    createdAt: NOW - 400 * DAY,
    expiresAt,
    revoked: false,
    weak: false,
    hasSecret: false,
    encrypted: false,
    origin: 'imported',
    addedAt: NOW - DAY,
    publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----',
  }
}

describe('isWeakAlgorithm', () => {
  it('calls DSA, ElGamal and RSA under 2048 bits weak', () => {
    expect(isWeakAlgorithm({ algorithm: 'dsa', bits: 3072 })).toBe(true)
    expect(isWeakAlgorithm({ algorithm: 'elgamal', bits: 4096 })).toBe(true)
    expect(isWeakAlgorithm({ algorithm: 'rsaEncryptSign', bits: 1024 })).toBe(true)
    expect(isWeakAlgorithm({ algorithm: 'rsaEncryptSign', bits: 2048 })).toBe(false)
    expect(isWeakAlgorithm({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' })).toBe(false)
  })
})

describe('describeKey', () => {
  it('warns within 30 days of expiry, and says expired after it', () => {
    expect(describeKey(stored(null), false, NOW)).toMatchObject({
      expired: false,
      expiresSoon: false,
    })
    expect(describeKey(stored(NOW + 31 * DAY), false, NOW)).toMatchObject({ expiresSoon: false })
    expect(describeKey(stored(NOW + 29 * DAY), false, NOW)).toMatchObject({
      expired: false,
      expiresSoon: true,
    })
    expect(describeKey(stored(NOW - 1), false, NOW)).toMatchObject({
      expired: true,
      expiresSoon: false,
    })
  })

  it('leaves the armored key out of what the list shows', () => {
    expect(describeKey(stored(null), true, NOW)).not.toHaveProperty('publicKey')
    expect(describeKey(stored(null), true, NOW).passphraseRemembered).toBe(true)
  })
})
