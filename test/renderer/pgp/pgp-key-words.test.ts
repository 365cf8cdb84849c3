import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { PgpFingerprint } from '../../../src/shared/pgp'
import { PgpKeyCard } from '../../../src/renderer/pgp/pgp-key-card'
import {
  canEncryptTo,
  canSignWith,
  daysUntil,
  exportFileName,
  groupedFingerprint,
  keyBadges,
  keyChoiceLabel,
  keyName,
} from '../../../src/renderer/pgp/pgp-key-words'
import { DAY, NOW, pgpKey } from './pgp-key-fixtures'

describe('OpenPGP key words', () => {
  it('groups a fingerprint in fours, as gpg prints it', () => {
    expect(groupedFingerprint('0123456789ABCDEF0123456789ABCDEF01234567')).toBe(
      '0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567',
    )
  })

  it('names a key by its first user ID, or by its key ID when it has none', () => {
    expect(keyName(pgpKey())).toBe('Partner Ltd <files@partner.example>')
    expect(keyName(pgpKey({ userIds: [] }))).toBe('0x89ABCDEF01234567')
    expect(keyChoiceLabel(pgpKey())).toBe('Partner Ltd <files@partner.example> · 0123 4567')
  })

  it('has no badge for a sound key that does not expire', () => {
    expect(keyBadges(pgpKey(), NOW)).toEqual([])
  })

  it('marks revoked, expired and weak keys, and warns of an expiry within 30 days', () => {
    expect(keyBadges(pgpKey({ revoked: true, weak: true }), NOW)).toEqual([
      { text: 'revoked', tone: 'danger' },
      { text: 'weak key', tone: 'warning' },
    ])
    expect(
      keyBadges(pgpKey({ expired: true, expiresSoon: false, expiresAt: NOW - DAY }), NOW),
    ).toEqual([{ text: 'expired', tone: 'danger' }])
    expect(keyBadges(pgpKey({ expiresSoon: true, expiresAt: NOW + 12 * DAY }), NOW)).toEqual([
      { text: 'expires in 12 days', tone: 'warning' },
    ])
    expect(keyBadges(pgpKey({ expiresSoon: true, expiresAt: NOW + 3600_000 }), NOW)).toEqual([
      { text: 'expires in 1 day', tone: 'warning' },
    ])
  })

  it('counts days until a time, rounded up and never below zero', () => {
    expect(daysUntil(NOW + 29.5 * DAY, NOW)).toBe(30)
    expect(daysUntil(NOW - DAY, NOW)).toBe(0)
  })

  it('offers only usable keys to encrypt to, and only own usable keys to sign with', () => {
    expect(canEncryptTo(pgpKey())).toBe(true)
    expect(canEncryptTo(pgpKey({ weak: true }))).toBe(false)
    expect(canEncryptTo(pgpKey({ expired: true }))).toBe(false)
    expect(canEncryptTo(pgpKey({ revoked: true }))).toBe(false)
    expect(canSignWith(pgpKey())).toBe(false)
    expect(canSignWith(pgpKey({ hasSecret: true }))).toBe(true)
    expect(canSignWith(pgpKey({ hasSecret: true, expired: true }))).toBe(false)
  })

  it('suggests a file name for an exported public key from the fingerprint', () => {
    expect(exportFileName('0123456789ABCDEF0123456789ABCDEF01234567' as PgpFingerprint)).toBe(
      'pgp-89ABCDEF01234567.asc',
    )
  })
})

describe('PgpKeyCard', () => {
  const render = (change: Parameters<typeof pgpKey>[0]) =>
    renderToStaticMarkup(
      createElement(PgpKeyCard, {
        keyInfo: pgpKey(change),
        now: NOW,
        onCopy: () => undefined,
        onExport: () => undefined,
        onDelete: () => undefined,
      }),
    )

  it("shows a partner's key: name, kind, grouped fingerprint, algorithm, and named actions", () => {
    const html = render({})
    expect(html).toContain('Partner Ltd &lt;files@partner.example&gt;')
    expect(html).toContain('partner&#x27;s public key')
    expect(html).toContain('0123 4567 89AB CDEF')
    expect(html).toContain('ed25519/cv25519')
    expect(html).toContain('aria-label="Copy public key of Partner Ltd')
    expect(html).toContain('aria-label="Export public key of Partner Ltd')
    expect(html).toContain('aria-label="Delete Partner Ltd')
    expect(html).not.toContain('pgp-badge')
  })

  it('shows an own key with its passphrase state and its warnings as badges', () => {
    const html = render({
      hasSecret: true,
      encrypted: true,
      passphraseRemembered: false,
      expiresSoon: true,
      expiresAt: NOW + 5 * DAY,
      userIds: ['Acme <edi@acme.example>', 'Acme Backup <b@acme.example>'],
    })
    expect(html).toContain('own key pair')
    expect(html).toContain('passphrase not remembered')
    expect(html).toContain('expires in 5 days')
    expect(html).toContain('Also: Acme Backup')
  })
})
