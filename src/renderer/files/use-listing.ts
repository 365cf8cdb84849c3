import { useCallback, type Dispatch } from 'react'
import type { MailboxLayout, ProfileId } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'
import { asApiError, type MailroomClient } from '../api/client'
import { findMailbox } from '../mailboxes/find-mailbox'
import type { AppAction } from '../state/app-state'
import type { Listing } from '../state/listing'

interface ListingDeps {
  readonly client: MailroomClient
  readonly connectedId: ProfileId | undefined
  readonly layout: MailboxLayout | undefined
  readonly dispatch: Dispatch<AppAction>
  readonly report: (failure: unknown) => void
}

/**
 * Listing the folder shown in "Files": choosing it, listing it (again), and cancelling a long
 * listing. Each listing has an id, so a slower answer for an earlier one is ignored.
 */
export function useListing({ client, connectedId, layout, dispatch, report }: ListingDeps) {
  const listFolder = useCallback(
    async (folder: RemotePath) => {
      if (!connectedId) return
      const listingId = crypto.randomUUID()
      dispatch({ type: 'listing-started', folder, listingId })
      try {
        // A receive mailbox is listed into its per-message folders and message prefixes.
        const receive = findMailbox(layout, folder)?.mailbox.role === 'receive'
        const files = await client.call('mailboxes:list-files', {
          profileId: connectedId,
          path: folder,
          receive,
          listingId,
        })
        dispatch({ type: 'listing-done', folder, listingId, files })
      } catch (failure) {
        dispatch({ type: 'listing-failed', folder, listingId, error: asApiError(failure) })
      }
    },
    [client, connectedId, dispatch, layout],
  )

  const selectFolder = (folder: RemotePath) => {
    dispatch({ type: 'folder-chosen', folder })
    void listFolder(folder)
  }

  const cancelListing = (listing: Listing | undefined) => {
    if (listing?.listingId)
      void client.call('mailboxes:cancel-listing', { listingId: listing.listingId }).catch(report)
  }

  return { listFolder, selectFolder, cancelListing }
}
