import { z } from 'zod'
import { pgpFingerprint } from './pgp'

/** How many passphrases are tried for one question before the file is kept encrypted, as logins stop. */
export const PGP_PASSPHRASE_TRIES = 3

/** Why an own key is needed: to decrypt a file, to sign one, or (a caller not saying) to use it. */
/** The longest key name and file name a question carries; longer ones are cut to it. */
export const PGP_PROMPT_TEXT_MAX = 1_000

export const pgpKeyPurpose = z.enum(['decrypt', 'sign', 'use'])
export type PgpKeyPurpose = z.infer<typeof pgpKeyPurpose>

/**
 * The app asks for an own OpenPGP key's passphrase (`pgp:passphrase-prompt`) when a file needs
 * the key and its passphrase is not remembered; answered with `pgp:answer-passphrase`. One
 * question per key at a time, whatever the number of files waiting; a wrong passphrase asks
 * again (`attempt` 2, then 3, `wrong` set), and the command never asks.
 */
export const pgpPassphrasePrompt = z.object({
  promptId: z.string(),
  fingerprint: pgpFingerprint,
  /** The key's 16-digit ID, as GnuPG names it. */
  keyId: z.string(),
  /** The key's first user ID (or its ID). */
  name: z.string().max(PGP_PROMPT_TEXT_MAX),
  purpose: pgpKeyPurpose,
  /** The file it is for, when there is one ("invoice.xml.pgp"). */
  file: z.string().max(PGP_PROMPT_TEXT_MAX).optional(),
  attempt: z.number().int().min(1).max(PGP_PASSPHRASE_TRIES),
  /** The passphrase typed before was wrong. */
  wrong: z.boolean(),
})
export type PgpPassphrasePrompt = z.infer<typeof pgpPassphrasePrompt>

/**
 * A question is gone without the window's answer (`pgp:passphrase-closed`), so its dialog
 * closes: every file waiting for it was cancelled (`withdrawn`), nobody answered in time
 * (`unanswered`: its files are kept encrypted), or Mailroom is quitting (`shutdown`).
 */
export const pgpPassphraseClosed = z.object({
  promptId: z.string(),
  reason: z.enum(['withdrawn', 'unanswered', 'shutdown']),
})
export type PgpPassphraseClosed = z.infer<typeof pgpPassphraseClosed>

/** "to decrypt invoice.xml.pgp", "to sign": what the question says the key is for. */
export function describePurpose(prompt: Pick<PgpPassphrasePrompt, 'purpose' | 'file'>): string {
  const file = prompt.file ? ` ${prompt.file}` : ''
  switch (prompt.purpose) {
    case 'decrypt':
      return `to decrypt${file}`
    case 'sign':
      return `to sign${file}`
    case 'use':
      return file ? `for${file}` : 'to use it'
  }
}
