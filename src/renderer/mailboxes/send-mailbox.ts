import type { MailboxLayout } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'
import { findMailbox } from './find-mailbox'

/**
 * The layout's send mailbox when it has exactly one (Amili's input/, an MFT Gateway account
 * with one partner): a first connection shows it, ready for the first file. With several, which
 * one is the person's to choose.
 */
export function soleSendMailbox(layout: MailboxLayout | undefined): RemotePath | undefined {
  const sends = (layout?.groups ?? []).flatMap((group) =>
    group.mailboxes.filter((mailbox) => mailbox.role === 'send' && !mailbox.error),
  )
  return sends.length === 1 ? sends[0]?.path : undefined
}

/**
 * Whom files dropped on `folder` go to, as "Drop files here to send them to …" says it: the
 * mailbox's partner (a test partner marked), or a plain folder by its path.
 */
export function sendTargetName(layout: MailboxLayout | undefined, folder: RemotePath): string {
  const found = findMailbox(layout, folder)
  if (!found) return folder || 'the login folder'
  return `${found.group.partner}${found.group.test ? ' (test)' : ''}`
}
