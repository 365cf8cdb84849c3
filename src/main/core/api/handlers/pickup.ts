import { MailroomError } from '../../errors'
import { pickupFolderFor, rememberPickupFolder } from '../../pickup/default-pickup-folder'
import { pickupHistory } from '../../pickup/pickup-history'
import { pickUpForProfile } from '../../pickup/pickup-for-profile'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Picking up files, where they are saved, and the history of what was picked up. */
export function pickupHandlers({
  platform,
  settingsFile,
  profiles,
  sessions,
  transfers,
  journal,
  runs,
  folders,
  logger,
  sessionLog,
  pgpKeys,
}: Pick<
  HandlerDeps,
  | 'platform'
  | 'settingsFile'
  | 'profiles'
  | 'sessions'
  | 'transfers'
  | 'journal'
  | 'runs'
  | 'folders'
  | 'logger'
  | 'sessionLog'
  | 'pgpKeys'
>): HandlersFor<
  | 'transfer:pickup'
  | 'pickup:folder'
  | 'pickup:set-folder'
  | 'pickup:history'
  | 'pickup:show-in-folder'
> {
  return {
    'transfer:pickup': async ({ profileId, remotePaths, mailboxPath, localFolder, keepOnServer }) =>
      pickUpForProfile(
        { queue: transfers, sessions, journal, logger, runs, folders, sessionLog, pgpKeys },
        profiles.get(profileId),
        mailboxPath !== undefined
          ? { kind: 'mailbox', path: mailboxPath }
          : { kind: 'files', paths: remotePaths ?? [] },
        localFolder,
        keepOnServer,
      ),
    'pickup:folder': async ({ profileId, mailboxPath, partner }) =>
      pickupFolderFor(settingsFile, profiles.get(profileId), mailboxPath, partner),
    'pickup:set-folder': async ({ profileId, mailboxPath, folder }) => {
      rememberPickupFolder(settingsFile, profileId, mailboxPath, folder)
      return null
    },
    'pickup:history': async () => pickupHistory(await journal.history()),
    'pickup:show-in-folder': async ({ localPath }) => {
      if (!(await journal.findSaved(localPath)))
        throw new MailroomError('not-found', 'That file is not in the pickup history.')
      if (!platform.showInFolder)
        throw new MailroomError(
          'not-supported',
          `Showing files needs the desktop app. The file is at ${localPath}`,
        )
      platform.showInFolder(localPath)
      return null
    },
  }
}
