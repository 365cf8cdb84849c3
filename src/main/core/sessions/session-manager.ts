import type { ProfileId, SessionInfo } from '../../../shared/domain'
import { PRESETS } from '../../../shared/presets'
import type { EventBus } from '../events/event-bus'
import { MailroomError, toApiError } from '../errors'
import type { HostKeyPrompts } from '../known-hosts/host-key-prompts'
import type { KnownHostsStore } from '../known-hosts/known-hosts-store'
import type { KeyVault } from '../keys/key-vault'
import type { Logger } from '../logging/logger'
import type { ProfileStore } from '../profiles/profile-store'
import type { ProfilePasswords } from '../secrets/profile-passwords'
import { agentLocations, type AgentLocation } from '../sftp/agent-locations'
import { openSftpSession } from '../sftp/open-session'
import { jumpHostsOf } from '../sftp/route'
import type { SftpSession } from '../sftp/sftp-session'
import type { SessionSource } from './across-drops'
import type { ConnectionLimiter } from './connection-limiter'
import { hostKeyCheck } from './host-key-check'
import type { GivenSecrets } from './credentials-for-profile'
import { loginForProfile, type Login } from './login-for-profile'
import type { LoginPrompts } from './login-prompts'
import type { RouteSources } from './route-for-profile'
import { pause, untilAborted } from './waiting'

export interface SessionManagerDeps {
  readonly profiles: ProfileStore
  readonly keys: KeyVault
  readonly knownHosts: KnownHostsStore
  readonly prompts: HostKeyPrompts
  /** The profiles' stored passwords (in the keychain). */
  readonly passwords: ProfilePasswords
  /** Asks the person the server's login questions. */
  readonly loginPrompts: LoginPrompts
  /** Where the SSH agents listen: this OS's (agent-locations.ts) unless said, as in tests. */
  readonly agents?: () => readonly AgentLocation[]
  readonly events: EventBus
  readonly logger: Logger
  readonly limiter: ConnectionLimiter
  /** The proxy logins' passwords and the system's proxy (route-for-profile.ts); none in tests. */
  readonly routes?: RouteSources
  /** Waits before each attempt to reconnect after a drop; shorter in tests. */
  readonly reconnectDelaysMs?: readonly number[]
  /** How often an idle connection is checked (see openSftpSession); shorter in tests. */
  readonly keepaliveIntervalMs?: number
  /** How a session is opened: over ssh2 (openSftpSession), or a test double of the protocol. */
  readonly openSession?: typeof openSftpSession
}

/**
 * After a drop: try again at once-ish, then back off to twice a minute, for about three minutes
 * in all (a server restart or a Wi-Fi change is over well within that), always within the
 * per-host limiter, so reconnecting never floods a gateway that throttles connections.
 */
export const RECONNECT_DELAYS_MS: readonly number[] = [
  500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000, 30_000, 30_000, 30_000,
]

// Trying again cannot help with these: the person has to act.
const FATAL_ON_RECONNECT = new Set([
  'auth-failed',
  'host-key-changed',
  'host-key-rejected',
  'bad-key',
  'passphrase-needed',
  'bad-passphrase',
  'password-needed',
  'not-found',
  'keychain-unavailable',
  // A question of the server's nobody answered: asking again would only pile up questions.
  'cancelled',
  // A proxy that wants Windows sign-in, or system settings naming an HTTPS proxy, stay so.
  'not-supported',
])

/**
 * Where one profile's connection is. No entry: disconnected, as the person left it.
 * `disconnected` with a reason: reconnecting gave up, and whatever still asks for the session
 * is told why until it is opened again.
 */
export type ConnectionState =
  | { readonly status: 'connecting'; readonly attempt: Promise<SessionInfo> }
  | { readonly status: 'awaiting-host-key'; readonly attempt: Promise<SessionInfo> }
  | { readonly status: 'connected'; readonly session: SftpSession; readonly login: Login }
  | {
      readonly status: 'reconnecting'
      readonly login: Login
      /** The session back, the reason reconnecting gave up, or nothing once the person closed it. */
      readonly done: Promise<SftpSession | MailroomError | undefined>
      readonly stop: AbortController
    }
  | { readonly status: 'disconnected'; readonly reason: MailroomError }

/**
 * One SFTP session per profile, reused for everything done with it: gateways throttle new
 * connections (AS2 Gateway: 20 a minute), so Mailroom never opens one per operation. A
 * connection that drops is opened again by itself, with backoff, until the person closes it
 * or trying again cannot help; meanwhile `current` waits for it, so transfers carry on.
 */
export class SessionManager {
  private readonly connections = new Map<ProfileId, ConnectionState>()
  private readonly endListeners = new Set<(profileId: ProfileId) => void>()
  /** Sessions a reconnect opened after the person had already connected anew: closed unseen. */
  private readonly discarded = new WeakSet<SftpSession>()

  constructor(private readonly deps: SessionManagerDeps) {}

  /** Where the profile's connection is now ('disconnected' when there is none). */
  status(profileId: ProfileId): ConnectionState['status'] {
    return this.connections.get(profileId)?.status ?? 'disconnected'
  }

  /**
   * Connects the profile, or gives the connection it has or is opening. `given`: what the
   * person typed for this connect (a key's passphrase, the password).
   */
  open(profileId: ProfileId, given: GivenSecrets = {}): Promise<SessionInfo> {
    const state = this.connections.get(profileId)
    if (state?.status === 'connected' && state.session.isOpen)
      return Promise.resolve(this.describe(profileId, state.session))
    if (state?.status === 'connecting' || state?.status === 'awaiting-host-key')
      return state.attempt
    // Connect asked for while reconnecting: connect now instead of after the backoff.
    if (state?.status === 'reconnecting') state.stop.abort()
    const attempt = this.connect(profileId, given)
    this.connections.set(profileId, { status: 'connecting', attempt })
    attempt.catch(() => {
      const now = this.connections.get(profileId)
      if (now && 'attempt' in now && now.attempt === attempt) this.connections.delete(profileId)
    })
    return attempt
  }

  /** The open session of a profile, or a `not-connected` error saying what to do. */
  get(profileId: ProfileId): SftpSession {
    const state = this.connections.get(profileId)
    if (state?.status === 'connected' && state.session.isOpen) return state.session
    if (state?.status === 'disconnected') throw state.reason
    throw new MailroomError(
      'not-connected',
      state?.status === 'reconnecting'
        ? 'Reconnecting. Try again once the connection is back.'
        : 'Not connected. Connect to the profile first.',
    )
  }

  /** The profile's session if it is open now (for work that can simply skip a dropped one). */
  sessionIfOpen(profileId: ProfileId): SftpSession | undefined {
    const state = this.connections.get(profileId)
    return state?.status === 'connected' && state.session.isOpen ? state.session : undefined
  }

  /**
   * The profile's open session; while it is connecting or reconnecting after a drop, the
   * session it gets. Fails with `not-connected` when the person closed it, and with the reason
   * once reconnecting gave up.
   */
  async current(profileId: ProfileId, signal?: AbortSignal): Promise<SftpSession> {
    const state = this.connections.get(profileId)
    if (state?.status === 'connecting' || state?.status === 'awaiting-host-key') {
      await untilAborted(state.attempt, signal)
      return this.current(profileId, signal)
    }
    if (state?.status === 'reconnecting') {
      const back = await untilAborted(state.done, signal)
      if (back instanceof MailroomError) throw back
      if (back?.isOpen) return back
      return this.current(profileId, signal)
    }
    return this.get(profileId)
  }

  /** The profile's sessions as a transfer sees them: whichever is open, across reconnects. */
  sourceFor(profileId: ProfileId): SessionSource {
    return { current: (signal) => this.current(profileId, signal) }
  }

  /** `listener` runs when a profile's connection ends for good: closed, or reconnecting gave up. */
  onEnded(listener: (profileId: ProfileId) => void): () => void {
    this.endListeners.add(listener)
    return () => this.endListeners.delete(listener)
  }

  close(profileId: ProfileId): void {
    const state = this.connections.get(profileId)
    this.connections.delete(profileId)
    // A login waiting for the person's answer to the server's question ends too.
    this.deps.loginPrompts.cancelFor(profileId)
    if (state?.status === 'reconnecting') {
      state.stop.abort()
      this.deps.events.emit('session:closed', { profileId })
      this.ended(profileId)
    }
    // Its close listener tells the UI, once the state no longer names it.
    if (state?.status === 'connected') state.session.close()
  }

  closeAll(): void {
    for (const profileId of [...this.connections.keys()]) this.close(profileId)
  }

  /** Forgets the trusted host key of a profile's server: the deliberate way to accept a new one. */
  forgetHostKey(profileId: ProfileId): void {
    const { host, port } = this.deps.profiles.get(profileId)
    this.deps.knownHosts.forget(host, port)
  }

  private async connect(profileId: ProfileId, given: GivenSecrets): Promise<SessionInfo> {
    const { keys, passwords, loginPrompts, agents } = this.deps
    const login = await loginForProfile(
      this.deps.profiles.get(profileId),
      { keys, passwords, questions: loginPrompts, agents: agents ?? (() => agentLocations()) },
      given,
      this.deps.routes,
    )
    const session = await this.establish(profileId, login, true)
    this.connections.set(profileId, { status: 'connected', session, login })
    return this.describe(profileId, session)
  }

  /**
   * Opens the profile's connection within the per-host limits, the jump hosts' connections
   * counted for their own hosts. Only a connection the person opened may ask about an unknown
   * host key (the server's or a jump host's); reconnecting accepts only the trusted ones.
   */
  private async establish(
    profileId: ProfileId,
    login: Login,
    interactive: boolean,
  ): Promise<SftpSession> {
    const { profiles, events, logger } = this.deps
    const { host, port, username, preset, conservative } = profiles.get(profileId)
    const releases: Array<() => void> = []
    const release = () => {
      for (const each of releases.splice(0)) each()
    }
    try {
      for (const jump of jumpHostsOf(login.route))
        releases.push(await this.deps.limiter.acquire(jump.host))
      releases.push(
        await this.deps.limiter.acquire(host, undefined, PRESETS[preset].connectionLimits),
      )
    } catch (error) {
      release()
      throw error
    }
    const onPrompt = (asking: boolean) => {
      const state = this.connections.get(profileId)
      if (state?.status === 'connecting' || state?.status === 'awaiting-host-key')
        this.connections.set(profileId, {
          status: asking ? 'awaiting-host-key' : 'connecting',
          attempt: state.attempt,
        })
    }
    const session = await (this.deps.openSession ?? openSftpSession)({
      host,
      port,
      username,
      ...login,
      logger,
      conservative,
      ...(this.deps.keepaliveIntervalMs
        ? { keepaliveIntervalMs: this.deps.keepaliveIntervalMs }
        : {}),
      verifyHostKey: (offered, server = { host, port, jumpHost: false }) =>
        hostKeyCheck(this.deps, { profileId, ...server }, interactive, onPrompt)(offered),
    }).catch((error: unknown) => {
      release()
      throw error
    })
    session.onClose((reason) => {
      release()
      if (this.discarded.has(session)) return
      const state = this.connections.get(profileId)
      const current = state?.status === 'connected' && state.session === session
      if (reason && current) {
        this.reconnect(profileId, state.login, reason)
        return
      }
      if (current) this.connections.delete(profileId)
      events.emit(
        'session:closed',
        reason ? { profileId, reason: reason.toApiError() } : { profileId },
      )
      this.ended(profileId)
    })
    return session
  }

  /** After a drop: tries again with backoff, telling the UI before each wait why and for how long. */
  private reconnect(profileId: ProfileId, login: Login, dropped: MailroomError): void {
    const { events, logger } = this.deps
    const stop = new AbortController()
    const delays = this.deps.reconnectDelaysMs ?? RECONNECT_DELAYS_MS
    const stillOurs = () => {
      const state = this.connections.get(profileId)
      return state?.status === 'reconnecting' && state.stop === stop
    }
    const attempts = async (): Promise<SftpSession | MailroomError | undefined> => {
      let reason = dropped
      for (const [index, delay] of delays.entries()) {
        events.emit('session:reconnecting', {
          profileId,
          reason: reason.toApiError(),
          attempt: index + 1,
          retryInMs: delay,
        })
        logger.info('Reconnecting', { profileId, attempt: index + 1, reason: reason.message })
        if (!(await pause(delay, stop.signal))) return undefined
        try {
          const session = await this.establish(profileId, login, false)
          if (stop.signal.aborted) {
            this.discarded.add(session)
            session.close()
            return undefined
          }
          if (stillOurs()) this.connections.set(profileId, { status: 'connected', session, login })
          logger.info('Reconnected', { profileId, attempt: index + 1 })
          events.emit('session:reconnected', this.describe(profileId, session))
          return session
        } catch (error) {
          reason =
            error instanceof MailroomError
              ? error
              : new MailroomError(toApiError(error).kind, toApiError(error).message)
          if (FATAL_ON_RECONNECT.has(reason.kind)) break
        }
      }
      if (stop.signal.aborted) return undefined
      const gaveUp = new MailroomError(
        reason.kind,
        `Reconnecting gave up. ${reason.message}`,
        reason.detail,
      )
      logger.warn('Reconnecting gave up', { profileId, reason: reason.message })
      if (stillOurs()) this.connections.set(profileId, { status: 'disconnected', reason: gaveUp })
      events.emit('session:closed', { profileId, reason: gaveUp.toApiError() })
      this.ended(profileId)
      return gaveUp
    }
    const done = attempts()
    this.connections.set(profileId, { status: 'reconnecting', login, done, stop })
  }

  private ended(profileId: ProfileId): void {
    for (const listener of this.endListeners) listener(profileId)
  }

  private describe(profileId: ProfileId, session: SftpSession): SessionInfo {
    const { host, port, username } = this.deps.profiles.get(profileId)
    return {
      profileId,
      host,
      port,
      username,
      hostKey: session.hostKey,
      ...(session.login ? { login: session.login } : {}),
    }
  }
}
