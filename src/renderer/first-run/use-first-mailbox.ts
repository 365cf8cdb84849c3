import { useEffect, type Dispatch } from 'react'
import type { MailboxLayout, ProfileId } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'
import { soleSendMailbox } from '../mailboxes/send-mailbox'
import type { AppAction } from '../state/app-state'
import type { FirstRunState } from '../state/first-run'

interface FirstMailboxDeps {
  readonly connectedId: ProfileId | undefined
  readonly layout: MailboxLayout | undefined
  readonly firstRun: FirstRunState
  /** The folder shown: one the person chose meanwhile is left alone. */
  readonly folder: RemotePath | undefined
  readonly selectFolder: (folder: RemotePath) => void
  readonly dispatch: Dispatch<AppAction>
}

/**
 * A new profile's first connection ends on its send mailbox (when it has exactly one), whose
 * empty list says to drop files there: the last step to the first file sent is that drop.
 */
export function useFirstMailbox({
  connectedId,
  layout,
  firstRun,
  folder,
  selectFolder,
  dispatch,
}: FirstMailboxDeps): void {
  useEffect(() => {
    if (!connectedId || !layout || !firstRun.notYetConnected.has(connectedId)) return
    dispatch({ type: 'first-mailboxes-shown', profileId: connectedId })
    const sole = soleSendMailbox(layout)
    if (sole !== undefined && folder === undefined) selectFolder(sole)
  }, [connectedId, layout, firstRun, folder, selectFolder, dispatch])
}
