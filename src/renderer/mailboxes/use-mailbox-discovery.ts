import { useCallback, useEffect, type Dispatch } from 'react'
import type { ProfileId } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import type { AppAction } from '../state/app-state'
import type { TransfersState } from '../state/transfers'

interface DiscoveryDeps {
  readonly client: MailroomClient
  readonly connectedId: ProfileId | undefined
  readonly transfers: TransfersState
  readonly dispatch: Dispatch<AppAction>
  readonly report: (failure: unknown) => void
}

/**
 * Finds the connected profile's mailboxes when it connects, and again when the gateway takes a
 * sent file (that shows any new file in failed/). Returns the function that finds them again.
 */
export function useMailboxDiscovery({
  client,
  connectedId,
  transfers,
  dispatch,
  report,
}: DiscoveryDeps): () => Promise<void> {
  const discover = useCallback(async () => {
    if (!connectedId) return
    try {
      const layout = await client.call('mailboxes:discover', { profileId: connectedId })
      dispatch({ type: 'layout-discovered', layout })
    } catch (failure) {
      report(failure)
    }
  }, [client, connectedId, dispatch, report])

  useEffect(() => {
    void discover()
  }, [discover])

  const takenCount = [...transfers.byId.values()].filter(
    (transfer) => transfer.takenAt !== undefined,
  ).length
  useEffect(() => {
    if (takenCount > 0) void discover()
  }, [takenCount, discover])

  return discover
}
