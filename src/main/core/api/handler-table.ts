import type { CallName, CallOutput, ParsedCallInput } from '../../../shared/api-contract'
import type { Platform } from '../app/platform'
import type { EventBus } from '../events/event-bus'
import type { KeyVault } from '../keys/key-vault'
import type { HostKeyPrompts } from '../known-hosts/host-key-prompts'
import type { KnownHostsStore } from '../known-hosts/known-hosts-store'
import type { Logger } from '../logging/logger'
import type { NewFileWatch } from '../mailbox/new-file-watch'
import type { PgpKeyring } from '../pgp/pgp-keyring'
import type { PgpPassphrasePrompts } from '../pgp/pgp-passphrase-prompts'
import type { PickupJournal } from '../pickup/pickup-journal'
import type { FolderSync } from '../pickup/folder-sync'
import type { ProfileRuns } from '../locks/profile-runs'
import type { ProfileStore } from '../profiles/profile-store'
import type { ProfilePasswords } from '../secrets/profile-passwords'
import type { ProxyPasswords } from '../secrets/proxy-passwords'
import type { SessionLog } from '../session-log/session-log'
import type { LoginPrompts } from '../sessions/login-prompts'
import type { SessionManager } from '../sessions/session-manager'
import type { SettingsFileStore } from '../settings/settings-file'
import type { SentLog } from '../transfer/sent-log'
import type { SendRecovery } from '../transfer/send/send-recovery'
import type { MailboxSendDeps } from '../transfer/send/send-to-mailbox'
import type { TransferQueue } from '../transfer/transfer-queue'

/** The handlers of some of the contract's calls: what each domain's file returns. */
export type HandlersFor<Names extends CallName> = {
  [N in Names]: (input: ParsedCallInput<N>) => Promise<CallOutput<N>>
}

/** One handler per call of the contract; inputs arrive already validated. */
export type Handlers = HandlersFor<CallName>

/** The parts of core the handlers call; each domain's file takes only those it needs. */
export interface HandlerDeps {
  readonly platform: Platform
  readonly settingsFile: SettingsFileStore
  readonly profiles: ProfileStore
  readonly keys: KeyVault
  /** OpenPGP keys, partners' and own. */
  readonly pgpKeys: PgpKeyring
  /** The app's questions for an own OpenPGP key's passphrase (the command asks none). */
  readonly pgpPassphrasePrompts: PgpPassphrasePrompts
  readonly proxyPasswords: ProxyPasswords
  readonly knownHosts: KnownHostsStore
  readonly sessions: SessionManager
  readonly prompts: HostKeyPrompts
  readonly loginPrompts: LoginPrompts
  readonly passwords: ProfilePasswords
  readonly transfers: TransferQueue
  readonly sentLog: SentLog
  readonly events: EventBus
  readonly journal: PickupJournal
  readonly runs: ProfileRuns
  readonly folders: FolderSync
  readonly logger: Logger
  readonly newFiles: NewFileWatch
  readonly sessionLog: SessionLog
  /** Sending: the send journal, the profiles' send runs, recovery first. */
  readonly sending: MailboxSendDeps
  readonly sendRecovery: SendRecovery
  /**
   * Whether opening a session recovers the profile's interrupted sends at once (the app); the
   * command recovers in the commands that send or pick up, and only reports in `check`.
   */
  readonly recoverSendsOnConnect: boolean
}
