import { join } from 'node:path'
import type { ProfileId } from '../../../shared/domain'
import type { ApiEvent } from '../../../shared/transport'
import { createDispatch, type Dispatch } from '../api/dispatch'
import { EventBus } from '../events/event-bus'
import type { Platform } from './platform'
import { createHandlers } from '../api/create-handlers'
import { KeyVault } from '../keys/key-vault'
import { PgpKeyring } from '../pgp/pgp-keyring'
import { NewFileWatch } from '../mailbox/new-file-watch'
import { pickupFolderFor } from '../pickup/default-pickup-folder'
import { readLegacyJournal, setLegacyJournalAside } from '../pickup/legacy-journal-file'
import { PickupJournal } from '../pickup/pickup-journal'
import { pickUpForProfile } from '../pickup/pickup-for-profile'
import { FolderSync } from '../pickup/folder-sync'
import { ProfileLocks } from '../locks/profile-locks'
import { ProfileRuns } from '../locks/profile-runs'
import { HostKeyPrompts } from '../known-hosts/host-key-prompts'
import { KnownHostsStore } from '../known-hosts/known-hosts-store'
import type { Logger } from '../logging/logger'
import { ProfileStore } from '../profiles/profile-store'
import { ProfilePasswords } from '../secrets/profile-passwords'
import { ProxyPasswords } from '../secrets/proxy-passwords'
import type { SecretStore } from '../secrets/secret-store'
import type { AgentLocation } from '../sftp/agent-locations'
import {
  ConnectionLimiter,
  GATEWAY_LIMITS,
  type ConnectionLimits,
} from '../sessions/connection-limiter'
import { LoginPrompts } from '../sessions/login-prompts'
import { SessionManager } from '../sessions/session-manager'
import type { ResolveProxy } from '../sftp/route'
import { legacySentLog, SettingsFileStore, type KeyValueBackend } from '../settings/settings-file'
import { MailroomStore } from '../store/mailroom-store'
import { SessionLog } from '../session-log/session-log'
import { SessionLogRecorder } from '../session-log/session-log-recorder'
import { SentLog } from '../transfer/sent-log'
import { SendJournal } from '../transfer/send/send-journal'
import type { SendHooks } from '../transfer/send/send-one'
import { OUTGOING_FOLDER } from '../transfer/send/encrypted-copies'
import { SendRecovery } from '../transfer/send/send-recovery'
import type { MailboxSendDeps } from '../transfer/send/send-to-mailbox'
import { toApiError } from '../errors'
import { TransferQueue } from '../transfer/transfer-queue'

export interface MailroomOptions {
  /** The app's data folder: encrypted key files live in its keys/ folder. */
  readonly dataDir: string
  readonly settings: KeyValueBackend
  readonly secrets: SecretStore
  readonly logger: Logger
  readonly platform: Platform
  /** The length of a "minute" for checking new files: shorter in tests. */
  readonly minuteMs?: number
  /** Connections a host takes (20 new a minute, 20 open, as AS2 Gateway allows): lower in tests. */
  readonly connectionLimits?: ConnectionLimits
  /** Waits before each attempt to reconnect after a dropped connection: shorter in tests. */
  readonly reconnectDelaysMs?: readonly number[]
  /** How often an idle connection is checked for a silent drop: shorter in tests. */
  readonly keepaliveIntervalMs?: number
  /**
   * Whether opening a session deals with what an interrupted send left at once (the app and the
   * web bridge: yes). The command says when: `send` and `pickup` do, `check` only reports.
   */
  readonly recoverSendsOnConnect?: boolean
  /** Faults for tests: called at each boundary between send steps (a kill, a cut). */
  readonly sendHooks?: SendHooks
  /** Where the SSH agents listen: this OS's places unless said (a test's own agent). */
  readonly agents?: () => readonly AgentLocation[]
  /**
   * The system's proxy for a host, in PAC form (`PROXY host:port; DIRECT`), asked at every
   * (re)connect of a profile set to the system's proxy. The desktop shell gives Electron's
   * `session.resolveProxy`; without it (the web UI, the command in plain Node) such a profile
   * is told to name its proxy.
   */
  readonly resolveProxy?: ResolveProxy
}

/** What a transport needs from core: one dispatch function, one event stream, and shutdown. */
export interface Mailroom {
  readonly dispatch: Dispatch
  subscribe(listener: (event: ApiEvent) => void): () => void
  /** The session log, for a transport's own lines (the command's runs and exit codes). */
  readonly sessionLog: SessionLog
  /** Pickup runs, so the command holds one over all its mailboxes (exit 5 before connecting). */
  readonly pickupRuns: ProfileRuns
  shutdown(): Promise<void>
}

/** The composition root of core, shared by the Electron shell, the web bridge and the tests. */
export function createMailroom(options: MailroomOptions): Mailroom {
  const { logger, secrets, platform } = options
  const events = new EventBus()
  // The database takes in what older Mailrooms kept elsewhere, before those are set aside.
  const legacyJournalPath = join(options.dataDir, 'pickup-journal.jsonl')
  const store = MailroomStore.open(join(options.dataDir, 'mailroom.db'), {
    sentLog: legacySentLog(options.settings),
    pickupJournal: readLegacyJournal(legacyJournalPath),
  })
  try {
    setLegacyJournalAside(legacyJournalPath)
  } catch (error) {
    // Its records are in the database now and it is never read again: not worth not starting.
    logger.warn('The old pickup journal could not be set aside', {
      path: legacyJournalPath,
      error: error instanceof Error ? error.message : String(error),
    })
  }
  const settingsFile = new SettingsFileStore(options.settings)
  const profiles = new ProfileStore(settingsFile)
  const profileOf = (id: ProfileId) => profiles.list().find((profile) => profile.id === id)
  const sessionLog = new SessionLog(store.sessionLog, {
    logger,
    onStored: (entry) => events.emit('log:entry', entry),
    profileNames: () => new Map(profiles.list().map((profile) => [profile.id, profile.name])),
  })
  const recorder = new SessionLogRecorder(sessionLog, profileOf)
  events.subscribe(recorder.onEvent)
  const knownHosts = new KnownHostsStore(settingsFile)
  const prompts = new HostKeyPrompts(events)
  const loginPrompts = new LoginPrompts(events)
  const passwords = new ProfilePasswords(secrets)
  const keys = new KeyVault(join(options.dataDir, 'keys'), secrets, settingsFile)
  const pgpKeys = new PgpKeyring(join(options.dataDir, 'pgp-keys'), secrets, settingsFile)
  const limiter = new ConnectionLimiter(options.connectionLimits ?? GATEWAY_LIMITS)
  const proxyPasswords = new ProxyPasswords(secrets)
  const sessions = new SessionManager({
    profiles,
    keys,
    knownHosts,
    prompts,
    passwords,
    loginPrompts,
    ...(options.agents ? { agents: options.agents } : {}),
    events,
    logger,
    limiter,
    routes: {
      proxyPasswords,
      ...(options.resolveProxy ? { resolveProxy: options.resolveProxy } : {}),
    },
    ...(options.reconnectDelaysMs ? { reconnectDelaysMs: options.reconnectDelaysMs } : {}),
    ...(options.keepaliveIntervalMs ? { keepaliveIntervalMs: options.keepaliveIntervalMs } : {}),
  })
  const transfers = new TransferQueue(events, logger)
  const journal = new PickupJournal(store)
  const runs = new ProfileRuns(ProfileLocks.forDataDir(options.dataDir, 'pickup'))
  const folders = new FolderSync()
  const sentLog = new SentLog(store)
  const sendBase = {
    queue: transfers,
    sessions,
    sentLog,
    journal: new SendJournal(store),
    runs: new ProfileRuns(ProfileLocks.forDataDir(options.dataDir, 'send')),
    // Who holds a send lock, as another Mailroom is told.
    by: platform.transport === 'cli' ? 'the mailroom command' : 'the Mailroom app',
    ...(options.sendHooks ? { hooks: options.sendHooks } : {}),
    encryption: { keyring: pgpKeys, folder: join(options.dataDir, OUTGOING_FOLDER) },
  }
  const sendRecovery = new SendRecovery({
    ...sendBase,
    profileOf: (id) => profiles.get(id),
    events,
    onFailure: (profileId, error) =>
      sessionLog.record({
        level: 'error',
        category: 'transfer',
        profileId,
        message: `Could not check what an interrupted send left on the server: ${toApiError(error).message} The next connection or send tries again.`,
      }),
  })
  const sending: MailboxSendDeps = {
    ...sendBase,
    recoverFirst: (profileId) => sendRecovery.recoverQuietly(profileId),
  }
  const newFiles = new NewFileWatch({
    sessions,
    profiles,
    events,
    logger,
    ...(options.minuteMs ? { minuteMs: options.minuteMs } : {}),
    pickUpMailbox: async (profileId, mailboxPath, partner) => {
      const profile = profiles.get(profileId)
      const { folder } = pickupFolderFor(settingsFile, profile, mailboxPath, partner)
      await pickUpForProfile(
        { queue: transfers, sessions, journal, logger, runs, folders, sessionLog, pgpKeys },
        profile,
        { kind: 'mailbox', path: mailboxPath },
        folder,
      )
    },
  })
  const handlers = createHandlers({
    platform,
    settingsFile,
    profiles,
    keys,
    pgpKeys,
    proxyPasswords,
    knownHosts,
    sessions,
    prompts,
    loginPrompts,
    passwords,
    transfers,
    sentLog,
    events,
    journal,
    runs,
    folders,
    logger,
    newFiles,
    sessionLog,
    sending,
    sendRecovery,
    recoverSendsOnConnect: options.recoverSendsOnConnect ?? true,
  })
  return {
    dispatch: createDispatch(recorder.wrap(handlers), logger),
    subscribe: (listener) => events.subscribe(listener),
    sessionLog,
    pickupRuns: runs,
    shutdown: async () => {
      newFiles.stopAll()
      prompts.cancelAll()
      loginPrompts.cancelAll()
      for (const transfer of transfers.list()) {
        if (transfer.finishedAt === undefined) transfers.cancel(transfer.id)
      }
      await transfers.idle()
      sessions.closeAll()
      sessionLog.close()
      store.close()
    },
  }
}
