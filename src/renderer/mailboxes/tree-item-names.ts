import type { Mailbox, MailboxGroup } from '../../shared/domain'

/**
 * What the Mailboxes tree shows on each item and what a screen reader announces for it, made in
 * one place from the same numbers, so the announced name holds every word that is seen, in the
 * order it is seen (WCAG 2.5.3, "label in name": a person using speech input says what they
 * see). What the name adds for the ear ("waiting", "failed") comes after the visible words and
 * never in parentheses, which speech tools and axe leave out of the comparison.
 */

/** The word shown on a mailbox's badge when it could not be read. */
export function problemOf(error: NonNullable<Mailbox['error']>): string {
  if (error.kind === 'not-found') return 'missing'
  return error.kind === 'permission-denied' ? 'no access' : 'error'
}

/** The count drawn on a mailbox's badge, or undefined when it has none. */
export function mailboxCount(mailbox: Mailbox): number | undefined {
  if (mailbox.error) return undefined
  const count = mailbox.fileCount ?? 0
  if (count === 0) return undefined
  return mailbox.role === 'failed' || mailbox.role === 'receive' || mailbox.role === 'duplicate'
    ? count
    : undefined
}

/** "inbox, 3 waiting", "failed, 1 failed", "duplicate, 2 files", "outbox, missing". */
export function mailboxName(mailbox: Mailbox): string {
  if (mailbox.error) return `${mailbox.label}, ${problemOf(mailbox.error)}`
  const count = mailboxCount(mailbox)
  if (count === undefined) return mailbox.label
  if (mailbox.role === 'failed') return `${mailbox.label}, ${count} failed`
  if (mailbox.role === 'receive') return `${mailbox.label}, ${count} waiting`
  return `${mailbox.label}, ${count} ${count === 1 ? 'file' : 'files'}`
}

/** What a partner's badge sums up: files waiting in its receive mailboxes, and any failed. */
export function partnerSummary(group: MailboxGroup): { waiting: number; failed: boolean } {
  return {
    waiting: group.mailboxes.reduce(
      (sum, mailbox) => sum + (mailbox.role === 'receive' ? (mailbox.fileCount ?? 0) : 0),
      0,
    ),
    failed: group.mailboxes.some(
      (mailbox) => mailbox.role === 'failed' && (mailbox.fileCount ?? 0) > 0,
    ),
  }
}

/**
 * "BigRetailer test, 1 waiting": the partner, its TEST tag and its badge, as shown. A failed
 * file outweighs the waiting count on the badge (it shows ⚠ alone), so the name says that.
 */
export function partnerName(group: MailboxGroup): string {
  const { waiting, failed } = partnerSummary(group)
  const shown = `${group.partner}${group.test ? ' test' : ''}`
  if (failed) return `${shown}, has failed files`
  return waiting > 0 ? `${shown}, ${waiting} waiting` : shown
}

/** "RJ_ONE (station)": the station as shown, with what it is (parenthesised: not shown). */
export function stationName(station: string): string {
  return `${station} (station)`
}
