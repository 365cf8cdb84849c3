import { useEffect, useState } from 'react'
import type { MailboxRole, Profile, ProfileId } from '../../shared/domain'
import { keepsOnServerByDefault } from '../../shared/presets'
import type { ApiError } from '../../shared/errors'
import type { RemotePath } from '../../shared/remote-path'
import type { MailroomClient } from '../api/client'

interface PickupDeps {
  readonly client: MailroomClient
  readonly connectedId: ProfileId | undefined
  readonly preset: Profile['preset'] | undefined
  /** The folder shown, gateway mailbox or plain folder: its pick-up folder is shown and remembered. */
  readonly folderPath: RemotePath | undefined
  /** What the shown folder is when it is a gateway mailbox; a plain folder has no role or partner. */
  readonly mailbox: { readonly role: MailboxRole; readonly partner: string } | undefined
  readonly report: (failure: unknown) => void
  readonly setError: (error: ApiError) => void
  readonly setNotice: (notice: string) => void
}

/** What to pick up: chosen files, or (`all`) everything in a receive mailbox. */
export type PickupSelection =
  { readonly paths: readonly RemotePath[] } | { readonly all: RemotePath }

/**
 * Picking up, as the UI drives it: the folder to pick up into (one per remote folder,
 * remembered), whether to keep the server's copy, and starting a pickup with what it left out
 * said plainly.
 */
export function usePickup({
  client,
  connectedId,
  preset,
  folderPath,
  mailbox,
  report,
  setError,
  setNotice,
}: PickupDeps) {
  const [folder, setFolder] = useState('')
  const [keepOnServer, setKeepOnServer] = useState(false)
  const role = mailbox?.role
  const partner = mailbox?.partner ?? ''

  useEffect(() => {
    client.call('settings:get', {}).then((settings) => setFolder(settings.pickupFolder), report)
  }, [client, report])

  // Whenever another folder is shown: its own pick-up folder, and the server's copy kept where the
  // guide says. Keyed on the folder, not on how it was chosen, so a plain folder of a Generic SFTP
  // profile gets its default as a gateway mailbox does.
  useEffect(() => {
    if (!connectedId || folderPath === undefined) return
    // A plain folder (no role) is picked up as the profile's receive folders are.
    setKeepOnServer(keepsOnServerByDefault(preset ?? 'generic', role ?? 'receive'))
    let shown = true
    client
      .call('pickup:folder', { profileId: connectedId, mailboxPath: folderPath, partner })
      .then((found) => shown && setFolder(found.folder), report)
    // A slower answer for the folder shown before must not overwrite this one's.
    return () => {
      shown = false
    }
  }, [client, connectedId, folderPath, partner, role, preset, report])

  /** Remembered for the shown folder, or as the default where none is shown. */
  const changeFolder = (chosen: string) => {
    setFolder(chosen)
    if (connectedId && folderPath !== undefined)
      void client
        .call('pickup:set-folder', {
          profileId: connectedId,
          mailboxPath: folderPath,
          folder: chosen,
        })
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

  return { folder, keepOnServer, setKeepOnServer, changeFolder, pickUp }
}
