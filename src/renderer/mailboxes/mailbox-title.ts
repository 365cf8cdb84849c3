import type { MailboxLayout } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'

/** "RJ_ONE › DemoAS2 › outbox" for a gateway mailbox, the path for a plain folder. */
export function mailboxTitle(layout: MailboxLayout | undefined, folder: RemotePath): string {
  const group = layout?.groups.find((candidate) =>
    candidate.mailboxes.some((mailbox) => mailbox.path === folder),
  )
  const mailbox = group?.mailboxes.find((candidate) => candidate.path === folder)
  if (!group || !mailbox) return folder || 'Login folder'
  return [group.station, `${group.partner}${group.test ? ' (test)' : ''}`, mailbox.label]
    .filter(Boolean)
    .join(' › ')
}
