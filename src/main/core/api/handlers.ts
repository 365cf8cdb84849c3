import type { CallName, CallOutput, ParsedCallInput } from '../../../shared/api-contract'
import { MailroomError } from '../errors'
import type { Logger } from '../logging/logger'
import type { EventBus } from './event-bus'
import { generateEd25519 } from '../keys/generate-key'
import { importPrivateKey, importPrivateKeyFile } from '../keys/import-key'
import type { KeyVault } from '../keys/key-vault'
import type { HostKeyPrompts } from '../known-hosts/host-key-prompts'
import type { KnownHostsStore } from '../known-hosts/known-hosts-store'
import { discoverMailboxes } from '../mailbox/discover-mailboxes'
import { listMailboxFiles } from '../mailbox/list-mailbox-files'
import type { NewFileWatch } from '../mailbox/new-file-watch'
import type { PickupJournal } from '../pickup/pickup-journal'
import type { FolderSync } from '../pickup/folder-sync'
import type { PickupRuns } from '../pickup/pickup-runs'
import { pickupFolderFor, rememberPickupFolder } from '../pickup/default-pickup-folder'
import { pickupHistory } from '../pickup/pickup-history'
import { pickUpForProfile } from '../pickup/pickup-for-profile'
import type { ProfileStore } from '../profiles/profile-store'
import { importSites, previewSites, usualSitePaths } from '../profiles/site-import/import-sites'
import type { SessionManager } from '../sessions/session-manager'
import type { SettingsFileStore } from '../settings/settings-file'
import { PRESETS } from '../../../shared/presets'
import { sendToMailbox } from '../transfer/send/send-to-mailbox'
import type { SentLog } from '../transfer/sent-log'
import { downloadForDrag } from '../transfer/download-for-drag'
import { zipFiles } from '../transfer/zip-files'
import type { TransferQueue } from '../transfer/transfer-queue'
import type { SessionLog } from '../session-log/session-log'
import { sessionLogHandlers } from '../session-log/session-log-handlers'

/** What differs between the Electron app and the web bridge: how the person picks files. */
export interface Platform {
  readonly transport: 'electron' | 'web'
  readonly version: string
  /** Native dialogs; absent in the web bridge, where paths are typed. */
  readonly chooseFolder?: (title: string) => Promise<string | null>
  readonly chooseFile?: (title: string) => Promise<string | null>
  readonly chooseSaveFile?: (title: string, defaultName: string) => Promise<string | null>
  /** Starts an OS drag of a local file from the window (desktop only). */
  readonly startDrag?: (path: string) => void
  /** Opens the OS file manager at a file (desktop only). */
  readonly showInFolder?: (path: string) => void
}

export interface HandlerDeps {
  readonly platform: Platform
  readonly settingsFile: SettingsFileStore
  readonly profiles: ProfileStore
  readonly keys: KeyVault
  readonly knownHosts: KnownHostsStore
  readonly sessions: SessionManager
  readonly prompts: HostKeyPrompts
  readonly transfers: TransferQueue
  readonly sentLog: SentLog
  readonly events: EventBus
  readonly journal: PickupJournal
  readonly runs: PickupRuns
  readonly folders: FolderSync
  readonly logger: Logger
  readonly newFiles: NewFileWatch
  readonly sessionLog: SessionLog
}

/** One handler per call of the contract; inputs arrive already validated. */
export type Handlers = { [N in CallName]: (input: ParsedCallInput<N>) => Promise<CallOutput<N>> }

export function createHandlers(deps: HandlerDeps): Handlers {
  const {
    platform,
    settingsFile,
    profiles,
    keys,
    knownHosts,
    sessions,
    prompts,
    transfers,
    sentLog,
    events,
    journal,
    runs,
    folders,
    logger,
    newFiles,
  } = deps
  // Files downloaded for dragging out, the only ones transfer:start-drag will hand to the OS.
  const draggable = new Set<string>()
  // Listings that may be cancelled, by the id the UI gave them.
  const listings = new Map<string, AbortController>()
  const noNativeDialogs = () =>
    new MailroomError(
      'not-supported',
      'File dialogs are not available in the web UI: type the path instead.',
    )

  return {
    'app:info': async () => ({
      version: platform.version,
      transport: platform.transport,
      nativeDialogs: platform.chooseFolder !== undefined,
      usualPaths: usualSitePaths(),
    }),
    'settings:get': async () => settingsFile.read('settings'),
    'settings:update': async (changes) => {
      const next = { ...settingsFile.read('settings'), ...changes }
      settingsFile.write('settings', next)
      return next
    },

    'profiles:list': async () => profiles.list(),
    'profiles:save': async ({ id, profile }) => {
      if (profile.keyId !== null) await keys.info(profile.keyId)
      return profiles.save(id, profile)
    },
    'profiles:clone': async ({ id }) => profiles.clone(id),
    'profiles:delete': async ({ id, deleteKey }) => {
      const { keyId } = profiles.get(id)
      sessions.close(id)
      profiles.delete(id)
      if (deleteKey && keyId !== null && profiles.usingKey(keyId).length === 0)
        await keys.delete(keyId)
      return null
    },
    'profiles:trusted-host-key': async ({ id }) => {
      const { host, port } = profiles.get(id)
      const trusted = knownHosts.trusted(host, port)
      return trusted
        ? { type: trusted.type, fingerprint: trusted.fingerprint, trustedAt: trusted.trustedAt }
        : null
    },
    'profiles:forget-host-key': async ({ id }) => {
      sessions.close(id)
      sessions.forgetHostKey(id)
      return null
    },

    'sites:preview': async ({ source, path }) => previewSites(source, path),
    'sites:import': async ({ source, path, chosen, knownHostsPath }) =>
      importSites(
        { source, path, chosen, ...(knownHostsPath ? { knownHostsPath } : {}) },
        { profiles, keys, knownHosts },
      ),

    'keys:list': async () => keys.list(),
    'keys:generate': async ({ comment, passphrase, rememberPassphrase }) =>
      keys.add(generateEd25519(comment), {
        ...(passphrase ? { passphrase } : {}),
        remember: rememberPassphrase,
        origin: 'generated',
      }),
    'keys:import': async ({ source, passphrase, rememberPassphrase }) => {
      const imported =
        source.kind === 'path'
          ? await importPrivateKeyFile(source.path, passphrase)
          : await importPrivateKey(Buffer.from(source.text, 'utf8'), 'the pasted key', passphrase)
      // A key that had a passphrase keeps it; remembering it is the person's choice.
      const keep = imported.encrypted && passphrase ? { passphrase } : {}
      return keys.add(imported.material, {
        ...keep,
        remember: rememberPassphrase,
        origin: 'imported',
      })
    },
    'keys:remember-passphrase': async ({ keyId, passphrase }) =>
      keys.rememberPassphrase(keyId, passphrase),
    'keys:export-private': async ({ keyId, format, path, passphrase, exportPassphrase }) => {
      await keys.exportPrivate(keyId, format, path, {
        ...(passphrase ? { passphrase } : {}),
        ...(exportPassphrase ? { exportPassphrase } : {}),
      })
      return null
    },
    'keys:export-public': async ({ keyId, path }) => {
      await keys.exportPublic(keyId, path)
      return null
    },
    'keys:delete': async ({ keyId }) => {
      const users = profiles.usingKey(keyId)
      if (users.length > 0) {
        throw new MailroomError(
          'invalid-input',
          `This key is used by ${users.map((profile) => `"${profile.name}"`).join(', ')}. Choose another key there first.`,
        )
      }
      await keys.delete(keyId)
      return null
    },

    'session:open': async ({ profileId, passphrase }) => {
      const info = await sessions.open(profileId, passphrase)
      newFiles.start(profileId)
      return info
    },
    'session:close': async ({ profileId }) => {
      // Checking for new files stops with the connection (NewFileWatch listens for its close).
      sessions.close(profileId)
      return null
    },
    'hostkey:answer': async ({ promptId, trust }) => {
      prompts.answer(promptId, trust)
      return null
    },

    'mailboxes:discover': async ({ profileId }) =>
      discoverMailboxes(await sessions.current(profileId), profiles.get(profileId)),
    'mailboxes:list-files': async ({ profileId, path, receive, listingId }) => {
      const controller = new AbortController()
      if (listingId) listings.set(listingId, controller)
      try {
        return await listMailboxFiles(
          await sessions.current(profileId, controller.signal),
          path,
          receive,
          {
            signal: controller.signal,
            ...(listingId
              ? {
                  onProgress: (count: number) =>
                    events.emit('listing:progress', { listingId, count }),
                }
              : {}),
          },
        )
      } finally {
        if (listingId) listings.delete(listingId)
      }
    },
    'mailboxes:cancel-listing': async ({ listingId }) => {
      listings.get(listingId)?.abort()
      return null
    },
    'remote:list': async ({ profileId, path }) => (await sessions.current(profileId)).list(path),

    'transfer:send': async ({ profileId, ...request }) =>
      sendToMailbox({ queue: transfers, sessions, sentLog }, profiles.get(profileId), {
        profileId,
        ...request,
      }),
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
    'transfer:pickup': async ({ profileId, remotePaths, mailboxPath, localFolder, keepOnServer }) =>
      pickUpForProfile(
        { queue: transfers, sessions, journal, logger, runs, folders, sessionLog: deps.sessionLog },
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
    'transfer:cancel': async ({ transferId }) => {
      transfers.cancel(transferId)
      return null
    },
    'transfer:list': async () => transfers.list(),

    'dialog:choose-folder': async ({ title }) => {
      if (!platform.chooseFolder) throw noNativeDialogs()
      return platform.chooseFolder(title)
    },
    'dialog:choose-file': async ({ title }) => {
      if (!platform.chooseFile) throw noNativeDialogs()
      return platform.chooseFile(title)
    },
    'dialog:save-file': async ({ title, defaultName }) => {
      if (!platform.chooseSaveFile) throw noNativeDialogs()
      return platform.chooseSaveFile(title, defaultName)
    },

    ...sessionLogHandlers({ sessionLog: deps.sessionLog, platform, profiles }),
  }
}
