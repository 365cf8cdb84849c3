import { encryptedName, sendSettingFor } from '../../../../shared/pgp'
import { PRESETS } from '../../../../shared/presets'
import { MailroomError } from '../../errors'
import { downloadForDrag } from '../../transfer/download-for-drag'
import { sendToMailbox } from '../../transfer/send/send-to-mailbox'
import { zipFiles } from '../../transfer/zip-files'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Sending (one by one or as one AS2 message), the transfer list, and dragging files out. */
export function transferHandlers({
  platform,
  profiles,
  sessions,
  transfers,
  sentLog,
  sending,
  sendRecovery,
}: Pick<
  HandlerDeps,
  'platform' | 'profiles' | 'sessions' | 'transfers' | 'sentLog' | 'sending' | 'sendRecovery'
>): HandlersFor<
  | 'transfer:send'
  | 'transfer:check-duplicates'
  | 'transfer:zip'
  | 'transfer:retry'
  | 'transfer:recover-sends'
  | 'transfer:drag-out'
  | 'transfer:start-drag'
  | 'transfer:cancel'
  | 'transfer:list'
> {
  // Files downloaded for dragging out, the only ones transfer:start-drag will hand to the OS.
  const draggable = new Set<string>()
  return {
    'transfer:send': async ({ profileId, ...request }) =>
      sendToMailbox(sending, profiles.get(profileId), { profileId, ...request }),
    'transfer:check-duplicates': async ({ profileId, remoteFolder, names }) => {
      const profile = profiles.get(profileId)
      const { duplicateWindowMs } = PRESETS[profile.preset]
      if (duplicateWindowMs === undefined) return []
      // An encrypting mailbox sends `name.pgp`: the gateway's rule sees that name.
      const encrypting = sendSettingFor(profile.pgpSend, remoteFolder)
      const extension = encrypting ? encryptedName('', encrypting.armored) : ''
      return sentLog.recent(
        profileId,
        remoteFolder,
        names,
        duplicateWindowMs,
        Date.now(),
        extension,
      )
    },
    'transfer:zip': async ({ localPaths, archiveName }) => zipFiles(localPaths, archiveName),
    'transfer:retry': async ({ transferId }) => transfers.retry(transferId),
    'transfer:recover-sends': async ({ profileId, reportOnly }) => {
      profiles.get(profileId)
      return sendRecovery.recover(profileId, { reportOnly: reportOnly === true })
    },
    'transfer:drag-out': async ({ profileId, remotePath }) => {
      if (!platform.startDrag)
        throw new MailroomError(
          'not-supported',
          'Dragging files onto the desktop needs the desktop app; use Pick up here.',
        )
      const { host, port, username } = profiles.get(profileId)
      const path = await downloadForDrag(await sessions.current(profileId), remotePath, {
        host,
        port,
        username,
      })
      draggable.add(path)
      return path
    },
    'transfer:start-drag': async ({ localPath }) => {
      // Only a file this app has just downloaded for dragging may be handed to the OS drag.
      if (!platform.startDrag || !draggable.has(localPath))
        throw new MailroomError('invalid-input', 'That file was not prepared for dragging.')
      platform.startDrag(localPath)
      return null
    },
    'transfer:cancel': async ({ transferId }) => {
      transfers.cancel(transferId)
      return null
    },
    'transfer:list': async () => transfers.list(),
  }
}
