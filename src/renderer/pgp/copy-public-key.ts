import type { PgpKeyInfo } from '../../shared/pgp'
import { ApiFailure, type MailroomClient } from '../api/client'
import { keyName } from './pgp-key-words'

/** The keys dialog's status line: what was just done (copied, imported, made), or failed. */
export interface KeysStatusLine {
  readonly text: string
  readonly failed?: boolean
}

/**
 * Copies a key's armored public half, for a partner's portal or an email: the main side gives
 * only the public half, never a secret key. A refused clipboard (the window not focused, no
 * permission) points to Export instead.
 */
export async function copyPublicKey(
  client: Pick<MailroomClient, 'call'>,
  key: PgpKeyInfo,
  clipboard: { writeText(text: string): Promise<void> },
): Promise<KeysStatusLine> {
  const name = keyName(key)
  try {
    const armored = await client.call('pgp:public-key', { fingerprint: key.fingerprint })
    await clipboard.writeText(armored)
    return { text: `Copied the public key of ${name}.` }
  } catch (failure) {
    // The main side's reason (the key was deleted meanwhile) helps; the clipboard's says nothing
    // a person can act on.
    const reason = failure instanceof ApiFailure ? ` ${failure.error.message}` : ''
    return {
      text: `Could not copy the public key of ${name}.${reason} Use Export public key… instead.`,
      failed: true,
    }
  }
}
