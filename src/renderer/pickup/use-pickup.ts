import { useEffect, useState } from 'react'
import type { Mailbox, Profile, ProfileId } from '../../shared/domain'
import { PRESETS } from '../../shared/presets'
import type { ApiError } from '../../shared/errors'
import type { RemotePath } from '../../shared/remote-path'
import type { MailroomClient } from '../api/client'

interface PickupDeps {
  readonly client: MailroomClient
  readonly connectedId: ProfileId | undefined
  readonly preset: Profile['preset'] | undefined
  /** The mailbox shown, whose pick-up folder a change is remembered for. */
  readonly mailboxPath: RemotePath | undefined
  readonly report: (failure: unknown) => void
  readonly setError: (error: ApiError) => void
  readonly setNotice: (notice: string) => void
}

/** What to pick up: chosen files, or (`all`) everything in a receive mailbox. */
export type PickupSelection =
  { readonly paths: readonly RemotePath[] } | { readonly all: RemotePath }

/**
 * Picking up, as the UI drives it: the folder to pick up into (one per mailbox, remembered),
 * whether to keep the server's copy, and starting a pickup with what it left out said plainly.
 */
export function usePickup({
  client,
  connectedId,
  preset,
  mailboxPath,
  report,
  setError,
  setNotice,
}: PickupDeps) {
  const [folder, setFolder] = useState('')
  const [keepOnServer, setKeepOnServer] = useState(false)

  useEffect(() => {
    client.call('settings:get', {}).then((settings) => setFolder(settings.pickupFolder), report)
  }, [client, report])

  /** A mailbox was chosen: its own folder, and the server's copy kept where the guide says. */
  const chooseMailbox = (mailbox: Mailbox, partner: string) => {
    // The guides: MFT Gateway's inbox is kept (storage expires it); sent files and MDNs are
    // records, not deliveries; Amili's pickup/ and AS2 Gateway's inbox are emptied.
    setKeepOnServer(
      mailbox.role !== 'receive' || (preset !== undefined && PRESETS[preset].keepsPickedUpFiles),
    )
    if (connectedId)
      client
        .call('pickup:folder', { profileId: connectedId, mailboxPath: mailbox.path, partner })
        .then((found) => setFolder(found.folder), report)
  }

  /** Remembered for the chosen mailbox, or as the default where none is chosen. */
  const changeFolder = (chosen: string) => {
    setFolder(chosen)
    if (connectedId && mailboxPath !== undefined)
      void client
        .call('pickup:set-folder', { profileId: connectedId, mailboxPath, folder: chosen })
        .catch(report)
    else void client.call('settings:update', { pickupFolder: chosen }).catch(report)
  }

  /** Starts a pickup; true when it started. */
  const pickUp = async (selection: PickupSelection): Promise<boolean> => {
    if (!connectedId) return false
    if ('paths' in selection && selection.paths.length === 0) return false
    if (folder === '') {
      document.getElementById('pickup-folder')?.focus()
      setError({
        kind: 'invalid-input',
        message: 'Choose the folder to pick up into first ("Pick up into").',
      })
      return false
    }
    try {
      const started = await client.call('transfer:pickup', {
        profileId: connectedId,
        ...('paths' in selection
          ? { remotePaths: [...selection.paths] }
          : { mailboxPath: selection.all }),
        localFolder: folder,
        keepOnServer,
      })
      const notes = [
        started.tooYoung > 0
          ? `${started.tooYoung} ${started.tooYoung === 1 ? 'file was' : 'files were'} left for later: changed less than a minute ago, possibly still being written.`
          : '',
        started.alreadyPickedUp > 0
          ? `${started.alreadyPickedUp} already picked up earlier (kept on the server).`
          : '',
        started.recovered > 0
          ? `Finished ${started.recovered} ${started.recovered === 1 ? 'pickup' : 'pickups'} that an earlier run left halfway.`
          : '',
      ].filter(Boolean)
      if (notes.length > 0) setNotice(notes.join(' '))
      else if (started.transferIds.length === 0) setNotice('Nothing to pick up.')
      return true
    } catch (failure) {
      report(failure)
      return false
    }
  }

  return { folder, keepOnServer, setKeepOnServer, chooseMailbox, changeFolder, pickUp }
}
