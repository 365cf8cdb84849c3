import type { Mailbox, MailboxGroup, MailboxLayout } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'

/** The gateway mailbox at `path` and the partner group it belongs to, if the layout has one. */
export function findMailbox(
  layout: MailboxLayout | undefined,
  path: RemotePath,
): { readonly group: MailboxGroup; readonly mailbox: Mailbox } | undefined {
  for (const group of layout?.groups ?? []) {
    const mailbox = group.mailboxes.find((candidate) => candidate.path === path)
    if (mailbox) return { group, mailbox }
  }
  return undefined
}
