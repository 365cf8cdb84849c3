import type { Mailbox, Profile } from '../shared/domain'
import { PRESETS } from '../shared/presets'
import type { CliMailroom } from './cli-mailroom'
import { CliFailure } from './exit-codes'

/** A receive mailbox with the partner it belongs to (its pickup folder is named after it). */
export interface ReceiveMailbox {
  readonly mailbox: Mailbox
  readonly partner: string
}

/**
 * The profile's receive mailboxes as the app's mailbox tree finds them (mailboxes:discover), or
 * only those `named`; a name that is not one of them is a usage error listing the ones there are.
 */
export async function receiveMailboxes(
  mailroom: CliMailroom,
  profile: Profile,
  named: readonly string[] = [],
): Promise<ReceiveMailbox[]> {
  const layout = await mailroom.call('mailboxes:discover', { profileId: profile.id })
  const all = layout.groups.flatMap((group) =>
    group.mailboxes
      .filter((mailbox) => mailbox.role === 'receive')
      .map((mailbox) => ({ mailbox, partner: group.partner })),
  )
  if (named.length === 0) {
    if (all.length === 0)
      throw CliFailure.usage(
        `The profile "${profile.name}" has no receive mailboxes${layout.problems.length ? `: ${layout.problems.join(' ')}` : PRESETS[profile.preset].foldersNamedByPerson ? ': give it receive folders.' : '.'}`,
      )
    return all
  }
  const normal = (path: string) => path.replace(/^\/+|\/+$/g, '')
  return named.map((wanted) => {
    const found = all.find((entry) => entry.mailbox.path === normal(wanted))
    if (!found)
      throw CliFailure.usage(
        `"${wanted}" is not a receive mailbox of "${profile.name}". Its receive mailboxes: ${all.map((entry) => entry.mailbox.path || '(login folder)').join(', ') || 'none'}.`,
      )
    return found
  })
}
