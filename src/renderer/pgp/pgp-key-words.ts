import type { PgpFingerprint, PgpKeyInfo } from '../../shared/pgp'

const DAY_MS = 24 * 60 * 60 * 1000

/** "ABCD 1234 …": a fingerprint in groups of four, as GnuPG prints it, to compare by eye. */
export function groupedFingerprint(fingerprint: string): string {
  return fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint
}

/** A key's first user ID, or its key ID when it has none: how selects and messages name it. */
export function keyName(key: Pick<PgpKeyInfo, 'userIds' | 'keyId'>): string {
  return key.userIds[0] ?? `0x${key.keyId}`
}

/** "Alice <a@x> · 1234 5678": a key named with the end of its fingerprint, for choices. */
export function keyChoiceLabel(key: Pick<PgpKeyInfo, 'userIds' | 'keyId' | 'fingerprint'>) {
  return `${keyName(key)} · ${groupedFingerprint(key.fingerprint.slice(-8))}`
}

/** A mark beside a key: what is wrong with it or what is coming. */
export interface KeyBadge {
  readonly text: string
  readonly tone: 'danger' | 'warning'
}

/** Whole days from `now` until `at`, rounded up: a key expiring in 3 h expires "in 1 day". */
export function daysUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / DAY_MS))
}

/** The badges of a key: revoked, expired, weak, and "expires in N days" within 30 days. */
export function keyBadges(key: PgpKeyInfo, now: number): KeyBadge[] {
  const badges: KeyBadge[] = []
  if (key.revoked) badges.push({ text: 'revoked', tone: 'danger' })
  if (key.expired) badges.push({ text: 'expired', tone: 'danger' })
  else if (key.expiresSoon && key.expiresAt !== null) {
    const days = daysUntil(key.expiresAt, now)
    badges.push({ text: `expires in ${days} ${days === 1 ? 'day' : 'days'}`, tone: 'warning' })
  }
  if (key.weak) badges.push({ text: 'weak key', tone: 'warning' })
  return badges
}

/** "own key pair" or "partner's public key": whether Mailroom holds the secret half. */
export function keyKind(key: Pick<PgpKeyInfo, 'hasSecret'>): string {
  return key.hasSecret ? 'own key pair' : "partner's public key"
}

/** The date a key was made, or "never" for its expiry, in the person's locale. */
export function keyDate(at: number | null): string {
  return at === null
    ? 'never'
    : new Date(at).toLocaleDateString(undefined, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
      })
}

/**
 * Whether files can be encrypted to the key: not revoked, not expired, not weak (Mailroom never
 * encrypts to RSA under 2048, DSA or ElGamal; the main side refuses too).
 */
export function canEncryptTo(key: PgpKeyInfo): boolean {
  return !key.revoked && !key.expired && !key.weak
}

/** Whether the key can sign what is sent: an own key, usable today. */
export function canSignWith(key: PgpKeyInfo): boolean {
  return key.hasSecret && !key.revoked && !key.expired
}

/** "pgp-ABCD1234.asc": a name to save a public key under, from its fingerprint's end. */
export function exportFileName(fingerprint: PgpFingerprint): string {
  return `pgp-${fingerprint.slice(-16)}.asc`
}
