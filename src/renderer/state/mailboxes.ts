import type { MailboxLayout } from '../../shared/domain'

/** The mailboxes of the connected profile, as the gateway lays them out; none until discovered. */
export interface MailboxesState {
  readonly layout?: MailboxLayout
}

export type MailboxesAction = { readonly type: 'layout-discovered'; readonly layout: MailboxLayout }

export const initialMailboxes: MailboxesState = {}

export function mailboxesReducer(state: MailboxesState, action: MailboxesAction): MailboxesState {
  switch (action.type) {
    case 'layout-discovered':
      return { layout: action.layout }
  }
}

/**
 * Whether the server's folders are browsed instead: a Generic SFTP profile that names no send or
 * receive folders has no mailboxes, and no problem explains why.
 */
export function browsesFolders(state: MailboxesState): boolean {
  const { layout } = state
  return layout !== undefined && layout.groups.length === 0 && layout.problems.length === 0
}
