import type { PgpKeyInfo, PgpReceiveSetting, PgpSendSetting } from '../../shared/pgp'
import { canEncryptTo, keyBadges, keyChoiceLabel } from '../pgp/pgp-key-words'
import { folderList, type Draft } from './profile-draft'

/**
 * The Profile dialog's OpenPGP choices as plain data: which mailboxes it offers, what turning
 * one on starts with, and the summary line of the folded section.
 */

/** A send or a receive mailbox. */
export type MailboxKind = 'send' | 'receive'

/**
 * The folders the section offers for one kind: those the profile names, and any with a setting
 * already (a folder since renamed still shows, so its setting can be turned off). None named
 * (a gateway whose mailboxes are found at connect time): '', every mailbox of the kind.
 */
export function pgpMailboxes(draft: Draft, kind: MailboxKind): string[] {
  const named = folderList(kind === 'send' ? draft.sendFolders : draft.receiveFolders)
  const set = Object.keys(kind === 'send' ? draft.pgpSend : draft.pgpReceive)
  const all = [...new Set([...named, ...set])]
  return all.length > 0 ? all : ['']
}

/** "out", or "every send mailbox" for the key ''. */
export function mailboxWords(folder: string, kind: MailboxKind): string {
  return folder === '' ? `every ${kind} mailbox` : folder
}

/**
 * A send mailbox's setting when encryption is turned on: to the one partner key there is, if
 * exactly one can be encrypted to (else the person chooses), signed with the one own key.
 */
export function newSendSetting(keys: readonly PgpKeyInfo[]): PgpSendSetting {
  const partners = keys.filter((key) => !key.hasSecret && canEncryptTo(key))
  const own = keys.filter((key) => key.hasSecret && !key.revoked && !key.expired)
  const first = partners[0]
  const signer = own[0]
  return {
    encryptTo: partners.length === 1 && first ? [first.fingerprint] : [],
    sign: own.length === 1,
    armored: false,
    ...(own.length === 1 && signer ? { signWith: signer.fingerprint } : {}),
  }
}

/** A receive mailbox's setting when decryption is turned on: signatures checked, warned about. */
export const NEW_RECEIVE_SETTING: PgpReceiveSetting = {
  decrypt: true,
  signature: 'warn',
  keepEncrypted: false,
}

/** A record with `folder` set to `value`, or without it when `value` is undefined. */
export function withEntry<T>(
  record: Readonly<Record<string, T>>,
  folder: string,
  value: T | undefined,
): Record<string, T> {
  const others = Object.entries(record).filter(([key]) => key !== folder)
  return Object.fromEntries(value === undefined ? others : [...others, [folder, value]])
}

const mailboxes = (count: number) => `${count} ${count === 1 ? 'mailbox' : 'mailboxes'}`

/** The folded section's line: "Off", or what is encrypted and decrypted where. */
export function pgpSummary(draft: Pick<Draft, 'pgpSend' | 'pgpReceive'>): string {
  const encrypting = Object.keys(draft.pgpSend)
  const decrypting = Object.entries(draft.pgpReceive).filter(([, setting]) => setting.decrypt)
  const parts: string[] = []
  if (encrypting.length > 0)
    parts.push(
      encrypting.length === 1 && encrypting[0] === ''
        ? 'encrypts files sent'
        : `encrypts files sent to ${mailboxes(encrypting.length)}`,
    )
  if (decrypting.length > 0)
    parts.push(
      decrypting.length === 1 && decrypting[0]?.[0] === ''
        ? 'decrypts files picked up'
        : `decrypts files picked up from ${mailboxes(decrypting.length)}`,
    )
  if (parts.length === 0) return 'Off: files are sent and saved as they are'
  const text = parts.join(', ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * A key offered to encrypt to: its name, whether it is the person's own, and what is wrong or
 * coming ("expires in 9 days", "revoked"), so a choice about to stop working is seen here too.
 */
export function recipientLabel(key: PgpKeyInfo, now: number): string {
  const notes = [...(key.hasSecret ? ['own'] : []), ...keyBadges(key, now).map((b) => b.text)]
  return notes.length > 0 ? `${keyChoiceLabel(key)} (${notes.join(', ')})` : keyChoiceLabel(key)
}
