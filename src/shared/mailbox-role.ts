import { z } from 'zod'

/**
 * What a mailbox is for: files are sent to `send`, picked up from `receive`; the others hold
 * records the gateway keeps (sent files, files it failed to send, duplicates, MDNs).
 */
export const mailboxRole = z.enum(['send', 'receive', 'sent', 'failed', 'duplicate', 'mdn'])
export type MailboxRole = z.infer<typeof mailboxRole>
