import type { MailboxLayout } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'
import { findMailbox } from './find-mailbox'

/** "RJ_ONE › DemoAS2 › outbox" for a gateway mailbox, the path for a plain folder. */
export function mailboxTitle(layout: MailboxLayout | undefined, folder: RemotePath): string {
  const found = findMailbox(layout, folder)
  if (!found) return folder || 'Login folder'
  const { group, mailbox } = found
  return [group.station, `${group.partner}${group.test ? ' (test)' : ''}`, mailbox.label]
    .filter(Boolean)
    .join(' › ')
}
