import { useEffect, useRef, useState, type Dispatch } from 'react'
import type { Transfer } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'
import type { MailroomClient } from '../api/client'
import { FolderRefresh } from '../files/folder-refresh'
import { notify } from '../sending/batch-notifications'
import { UpdateBatcher } from '../transfers/update-batcher'
import { actionsForEvent } from './api-events'
import type { AppAction } from './app-state'

interface ApiEventsDeps {
  readonly client: MailroomClient
  readonly dispatch: Dispatch<AppAction>
  /** The folder shown in "Files", which finished transfers may have changed. */
  readonly shownFolder: RemotePath | undefined
  /** Lists the shown folder again: the transfers of a batch inside it have finished. */
  readonly onShownFolderChanged: (folder: RemotePath) => void
}

/**
 * Where the main side's events enter the window: each becomes actions on the state, and the
 * few with effects outside it (a desktop notification, listing a folder again) have them here.
 */
export function useApiEvents({
  client,
  dispatch,
  shownFolder,
  onShownFolderChanged,
}: ApiEventsDeps): void {
  // Progress of many files at once arrives as thousands of events a second: they reach the
  // state together, at most once a frame.
  const [transferUpdates] = useState(
    () =>
      new UpdateBatcher<Transfer>((batch) =>
        dispatch({ type: 'transfers-updated', transfers: batch, at: Date.now() }),
      ),
  )
  // The latest folder and callback, so that listening does not restart on every render.
  const latest = useRef({ shownFolder, onShownFolderChanged })
  useEffect(() => {
    latest.current = { shownFolder, onShownFolderChanged }
  })
  // Finished transfers in the shown folder (or its message folders) change it: it is listed
  // again once their batch is over. Kept while the same folder is shown.
  const folderRefresh = useRef<FolderRefresh | undefined>(undefined)

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'transfer:update') {
          transferUpdates.add(event.payload)
          const { shownFolder: folder, onShownFolderChanged: changed } = latest.current
          if (folderRefresh.current?.folder !== folder)
            folderRefresh.current = folder === undefined ? undefined : new FolderRefresh(folder)
          if (folderRefresh.current?.update(event.payload)) changed(folderRefresh.current.folder)
          return
        }
        if (event.name === 'mailbox:new-files') {
          const { count, partner, autoPickup } = event.payload
          notify(
            `${count} new ${count === 1 ? 'file' : 'files'} from ${partner}`,
            autoPickup ? 'Picking them up now.' : 'Open Mailroom to pick them up.',
          )
        }
        for (const action of actionsForEvent(event)) dispatch(action)
      }),
    [client, dispatch, transferUpdates],
  )
}
