import { z } from 'zod'

/**
 * OpenPGP's shapes as the API, the journal and the UI see them: plain data, so they cross
 * process borders. A key is named by its fingerprint, as GnuPG and partners name it.
 */

/** A v4 (40 hex digits) or v6 (64) fingerprint, upper case, no spaces. */
export const pgpFingerprint = z
  .string()
  .regex(/^([0-9A-F]{40}|[0-9A-F]{64})$/, 'Not an OpenPGP fingerprint')
  .brand<'PgpFingerprint'>()
export type PgpFingerprint = z.infer<typeof pgpFingerprint>

/** What Mailroom keeps about an OpenPGP key (the secret half, if any, is sealed elsewhere). */
export const storedPgpKey = z.object({
  fingerprint: pgpFingerprint,
  /** The primary key's 16-digit key ID, as gpg prints it after 0x. */
  keyId: z.string(),
  userIds: z.array(z.string()),
  /** e.g. "ed25519/cv25519", "RSA 3072", "DSA 1024/ElGamal 2048": the primary and its subkeys. */
  algorithm: z.string(),
  /** The primary key's size in bits (curves give theirs: 255 for ed25519). */
  bits: z.number(),
  createdAt: z.number(),
  /** When the key stops being valid, or null when it does not expire. */
  expiresAt: z.number().nullable(),
  revoked: z.boolean(),
  /** DSA, ElGamal or RSA under 2048 bits anywhere in the key: still read, never encrypted to. */
  weak: z.boolean(),
  /** Whether Mailroom holds the secret half (an own key). */
  hasSecret: z.boolean(),
  /** Whether the secret half is protected by a passphrase. */
  encrypted: z.boolean(),
  origin: z.enum(['generated', 'imported']),
  addedAt: z.number(),
  /** The armored public key, to export and to encrypt to. */
  publicKey: z.string(),
})
export type StoredPgpKey = z.infer<typeof storedPgpKey>

/** A key as the key list shows it: the stored facts and what they mean today. */
export const pgpKeyInfo = storedPgpKey.omit({ publicKey: true }).extend({
  expired: z.boolean(),
  /** Expires within 30 days: warn the person before it stops working. */
  expiresSoon: z.boolean(),
  passphraseRemembered: z.boolean(),
})
export type PgpKeyInfo = z.infer<typeof pgpKeyInfo>

/**
 * What a signature proved. Only `good` is ever shown as "signed"; a SHA-1 signature is told
 * apart from a bad one, since it may well be genuine but proves nothing any more.
 */
export const signatureVerdict = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('good'),
    fingerprint: pgpFingerprint,
    name: z.string(),
    weakKey: z.boolean(),
  }),
  z.object({ state: z.literal('unknown-signer'), keyId: z.string() }),
  z.object({ state: z.literal('bad'), keyId: z.string() }),
  z.object({ state: z.literal('sha1'), keyId: z.string() }),
  z.object({ state: z.literal('not-signed') }),
])
export type SignatureVerdict = z.infer<typeof signatureVerdict>

/** The words for a verdict, the same in Pickup history, Transfers and the command. */
export function describeVerdict(verdict: SignatureVerdict): string {
  switch (verdict.state) {
    case 'good':
      return `signed by ${verdict.name} (${verdict.fingerprint})${verdict.weakKey ? ', a weak key' : ''}`
    case 'unknown-signer':
      return `signed by an unknown key 0x${verdict.keyId}`
    case 'bad':
      return `bad signature from key 0x${verdict.keyId}: the file or its signature was changed`
    case 'sha1':
      return `signed with SHA-1 by key 0x${verdict.keyId}, not accepted as proof`
    case 'not-signed':
      return 'not signed'
  }
}

/** The words for a decrypted file, in Pickup history and the command: "decrypted, signed by …". */
export function describeDecrypted(verdict: SignatureVerdict): string {
  return `decrypted, ${describeVerdict(verdict)}`
}

/** How files sent to one send mailbox are encrypted (the profile's `pgpSend`, by folder). */
export const pgpSendSetting = z.object({
  encryptTo: z.array(pgpFingerprint).min(1, 'Choose the key to encrypt to').max(20),
  sign: z.boolean().default(false),
  /**
   * The own secret key to sign with; absent, the only own secret key Mailroom holds (with two
   * or more, the person must choose: signing with the wrong one fails at the partner).
   */
  signWith: pgpFingerprint.optional(),
  armored: z.boolean().default(false),
})
export type PgpSendSetting = z.infer<typeof pgpSendSetting>

/**
 * How one file was encrypted for sending, as the send journal keeps it: enough to encrypt it
 * again from the original when the copy is gone (recovery, Send again), and what `send --json`
 * tells.
 */
export const sentPgp = z.object({
  recipients: z.array(pgpFingerprint),
  /** The own key it is signed with, if signed. */
  signedBy: pgpFingerprint.optional(),
  armored: z.boolean(),
})
export type SentPgp = z.infer<typeof sentPgp>

/** The name a file is sent under once encrypted: `.asc` for armored text, `.pgp` binary. */
export function encryptedName(name: string, armored: boolean): string {
  return `${name}${armored ? '.asc' : '.pgp'}`
}

/** What pickup does with OpenPGP files in one receive mailbox (the profile's `pgpReceive`). */
export const pgpReceiveSetting = z.object({
  decrypt: z.boolean().default(true),
  /** With 'require', a file without a good signature is kept encrypted, "not verified". */
  signature: z.enum(['require', 'warn', 'ignore']).default('warn'),
  /** Keep the encrypted original beside the decrypted file. */
  keepEncrypted: z.boolean().default(false),
})
export type PgpReceiveSetting = z.infer<typeof pgpReceiveSetting>

/**
 * The receive setting of the mailbox holding `remotePath`: the deepest folder of `settings`
 * the file is in (an AS2 Gateway file sits in a message folder below its inbox).
 */
export function receiveSettingFor(
  settings: Readonly<Record<string, PgpReceiveSetting>>,
  remotePath: string,
): PgpReceiveSetting | undefined {
  return deepestSetting(settings, remotePath)
}

/**
 * The send setting of the send mailbox `remoteFolder` (an AS2 Gateway message folder lies below
 * its outbox): as for pickup, the deepest configured folder holding it, `''` covering them all.
 */
export function sendSettingFor(
  settings: Readonly<Record<string, PgpSendSetting>>,
  remoteFolder: string,
): PgpSendSetting | undefined {
  return deepestSetting(settings, `${remoteFolder.replace(/\/+$/, '')}/-`)
}

function deepestSetting<T>(
  settings: Readonly<Record<string, T>>,
  remotePath: string,
): T | undefined {
  let best: string | undefined
  for (const folder of Object.keys(settings)) {
    const inside =
      folder === '' || folder === '.' || remotePath.startsWith(`${folder.replace(/\/+$/, '')}/`)
    if (inside && (best === undefined || folder.length > best.length)) best = folder
  }
  return best === undefined ? undefined : settings[best]
}
