import type { TransferId } from '../../../../shared/domain'
import { PRESETS } from '../../../../shared/presets'
import { baseName, type RemotePath } from '../../../../shared/remote-path'
import { MailroomError } from '../../errors'
import { checkMessageLimits, createMessageFolder, messageLimitsOf } from '../../mailbox/as2-message'
import { downloadForDrag } from '../../transfer/download-for-drag'
import { filesInFlightFor } from '../../transfer/files-in-flight'
import { checkLocalFiles, sendFiles } from '../../transfer/send-files'
import { resolveUploadStrategy } from '../../transfer/upload-strategy'
import { watchTaken } from '../../transfer/watch-taken'
import { zipFiles } from '../../transfer/zip-files'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Sending (one by one or as one AS2 message), the transfer list, and dragging files out. */
export function transferHandlers({
  platform,
  profiles,
  sessions,
  transfers,
  sentLog,
}: Pick<HandlerDeps, 'platform' | 'profiles' | 'sessions' | 'transfers' | 'sentLog'>): HandlersFor<
  | 'transfer:send'
  | 'transfer:check-duplicates'
  | 'transfer:zip'
  | 'transfer:retry'
  | 'transfer:drag-out'
  | 'transfer:start-drag'
  | 'transfer:cancel'
  | 'transfer:list'
> {
  // Files downloaded for dragging out, the only ones transfer:start-drag will hand to the OS.
  const draggable = new Set<string>()
  return {
    'transfer:send': async ({ profileId, remoteFolder, localPaths, remoteNames, asMessage }) => {
      const profile = profiles.get(profileId)
      const preset = PRESETS[profile.preset]
      const session = await sessions.current(profileId)
      const common = {
        queue: transfers,
        sessions: sessions.sourceFor(profileId),
        profileId,
        filesInFlight: filesInFlightFor(profile, session),
        localPaths,
        ...(remoteNames ? { remoteNames } : {}),
        onSent: (path: RemotePath, id: TransferId) => {
          sentLog.record(profileId, remoteFolder, baseName(path))
          const now = sessions.sessionIfOpen(profileId)
          if (preset.takesSentFiles && now)
            watchTaken(now, path, id, (taken) => transfers.markTaken(taken))
        },
      }
      if (!asMessage)
        return sendFiles({ ...common, remoteFolder, strategy: resolveUploadStrategy(profile) })
      const limits = messageLimitsOf(preset)
      checkMessageLimits(await checkLocalFiles(localPaths, remoteNames), limits, preset.label)
      const folder = await createMessageFolder(session, remoteFolder)
      // Inside a message folder files go straight to their names: the gateway waits two minutes
      // after the last upload, and they are sent back to back so no gap comes near that.
      return sendFiles({ ...common, remoteFolder: folder, strategy: 'direct', sequential: true })
    },
    'transfer:check-duplicates': async ({ profileId, remoteFolder, names }) => {
      const { duplicateWindowMs } = PRESETS[profiles.get(profileId).preset]
      return duplicateWindowMs === undefined
        ? []
        : sentLog.recent(profileId, remoteFolder, names, duplicateWindowMs)
    },
    'transfer:zip': async ({ localPaths, archiveName }) => zipFiles(localPaths, archiveName),
    'transfer:retry': async ({ transferId }) => transfers.retry(transferId),
    'transfer:drag-out': async ({ profileId, remotePath }) => {
      if (!platform.startDrag)
        throw new MailroomError(
          'not-supported',
          'Dragging files onto the desktop needs the desktop app; use Pick up here.',
        )
      const path = await downloadForDrag(await sessions.current(profileId), remotePath)
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
