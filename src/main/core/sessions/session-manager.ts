import type { ProfileId, SessionInfo } from '../../../shared/domain'
import type { EventBus } from '../events/event-bus'
import { PRESETS } from '../../../shared/presets'
import { MailroomError, toApiError } from '../errors'
import type { HostKeyPrompts } from '../known-hosts/host-key-prompts'
import type { KnownHostsStore } from '../known-hosts/known-hosts-store'
import type { KeyVault } from '../keys/key-vault'
import { loadPrivateKey, type LoadedPrivateKey } from '../keys/load-private-key'
import type { Logger } from '../logging/logger'
import type { ProfileStore } from '../profiles/profile-store'
import { openSftpSession } from '../sftp/open-session'
import type { SftpSession } from '../sftp/sftp-session'
import type { SessionSource } from './across-drops'
import type { ConnectionLimiter } from './connection-limiter'

export interface SessionManagerDeps {
  readonly profiles: ProfileStore
  readonly keys: KeyVault
  readonly knownHosts: KnownHostsStore
  readonly prompts: HostKeyPrompts
  readonly events: EventBus
  readonly logger: Logger
  readonly limiter: ConnectionLimiter
  /** Waits before each attempt to reconnect after a drop; shorter in tests. */
  readonly reconnectDelaysMs?: readonly number[]
  /** How often an idle connection is checked (see openSftpSession); shorter in tests. */
  readonly keepaliveIntervalMs?: number
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
  'not-found',
  'keychain-unavailable',
])

/**
 * One SFTP session per profile, reused for everything done with it: gateways throttle new
 * connections (AS2 Gateway: 20 a minute), so Mailroom never opens one per operation. A
 * connection that drops is opened again by itself, with backoff, until the person closes it
 * or trying again cannot help; meanwhile `current` waits for it, so transfers carry on.
 */
export class SessionManager {
  private readonly sessions = new Map<ProfileId, SftpSession>()
  private readonly opening = new Map<ProfileId, Promise<SessionInfo>>()
  /** Profiles the person connected and has not closed, with the key to log in again. */
  private readonly wanted = new Map<ProfileId, LoadedPrivateKey>()
  private readonly reconnecting = new Map<
    ProfileId,
    {
      /** The session back, the reason reconnecting gave up, or nothing once the person closed it. */
      readonly done: Promise<SftpSession | MailroomError | undefined>
      readonly stop: AbortController
    }
  >()
  private readonly endListeners = new Set<(profileId: ProfileId) => void>()
  /** Why reconnecting gave up, told to whatever still asks for the session until it is opened again. */
  private readonly gaveUp = new Map<ProfileId, MailroomError>()

  constructor(private readonly deps: SessionManagerDeps) {}

  open(profileId: ProfileId, passphrase?: string): Promise<SessionInfo> {
    const existing = this.sessions.get(profileId)
    if (existing?.isOpen) return Promise.resolve(this.describe(profileId, existing))
    const inProgress = this.opening.get(profileId)
    if (inProgress) return inProgress
    // Connect asked for while reconnecting: connect now instead of after the backoff.
    this.reconnecting.get(profileId)?.stop.abort()
    this.reconnecting.delete(profileId)
    const attempt = this.connect(profileId, passphrase).finally(() =>
      this.opening.delete(profileId),
    )
    this.opening.set(profileId, attempt)
    return attempt
  }

  /** The open session of a profile, or a `not-connected` error saying what to do. */
  get(profileId: ProfileId): SftpSession {
    const session = this.sessions.get(profileId)
    const gaveUp = this.gaveUp.get(profileId)
    if (!session?.isOpen && gaveUp) throw gaveUp
    if (!session?.isOpen)
      throw new MailroomError(
        'not-connected',
        this.reconnecting.has(profileId)
          ? 'Reconnecting. Try again once the connection is back.'
          : 'Not connected. Connect to the profile first.',
      )
    return session
  }

  /** The profile's session if it is open now (for work that can simply skip a dropped one). */
  sessionIfOpen(profileId: ProfileId): SftpSession | undefined {
    const session = this.sessions.get(profileId)
    return session?.isOpen ? session : undefined
  }

  /**
   * The profile's open session; while it is reconnecting after a drop, the session it gets back.
   * Fails with `not-connected` when the person closed it, and with the reason once reconnecting
   * gave up.
   */
  async current(profileId: ProfileId, signal?: AbortSignal): Promise<SftpSession> {
    const session = this.sessions.get(profileId)
    if (session?.isOpen) return session
    const opening = this.opening.get(profileId)
    if (opening) {
      await untilAborted(opening, signal)
      return this.current(profileId, signal)
    }
    const reconnect = this.reconnecting.get(profileId)
    if (!reconnect) return this.get(profileId)
    const back = await untilAborted(reconnect.done, signal)
    if (back instanceof MailroomError) throw back
    if (back?.isOpen) return back
    return this.current(profileId, signal)
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
    this.wanted.delete(profileId)
    this.gaveUp.delete(profileId)
    const reconnect = this.reconnecting.get(profileId)
    if (reconnect) {
      reconnect.stop.abort()
      this.reconnecting.delete(profileId)
      this.deps.events.emit('session:closed', { profileId })
      this.ended(profileId)
    }
    this.sessions.get(profileId)?.close()
    this.sessions.delete(profileId)
  }

  closeAll(): void {
    for (const profileId of new Set([...this.sessions.keys(), ...this.reconnecting.keys()]))
      this.close(profileId)
  }

  private async connect(profileId: ProfileId, givenPassphrase?: string): Promise<SessionInfo> {
    const profile = this.deps.profiles.get(profileId)
    const privateKey = await this.privateKeyOf(profile, givenPassphrase)
    const session = await this.establish(profileId, privateKey, true)
    this.wanted.set(profileId, privateKey)
    this.gaveUp.delete(profileId)
    return this.describe(profileId, session)
  }

  /**
   * Opens the profile's connection within the per-host limits. Only a connection the person
   * opened may ask about an unknown host key; reconnecting accepts only the trusted one.
   */
  private async establish(
    profileId: ProfileId,
    privateKey: LoadedPrivateKey,
    interactive: boolean,
  ): Promise<SftpSession> {
    const { profiles, knownHosts, prompts, events, logger } = this.deps
    const { host, port, username, preset, conservative } = profiles.get(profileId)
    const release = await this.deps.limiter.acquire(
      host,
      undefined,
      PRESETS[preset].connectionLimits,
    )
    const session = await openSftpSession({
      host,
      port,
      username,
      privateKey,
      logger,
      conservative,
      ...(this.deps.keepaliveIntervalMs
        ? { keepaliveIntervalMs: this.deps.keepaliveIntervalMs }
        : {}),
      verifyHostKey: async (offered) => {
        const check = knownHosts.check(host, port, offered)
        if (check.status === 'trusted') return true
        if (check.status === 'changed') {
          logger.warn('Host key changed; connection refused', {
            host,
            port,
            stored: check.stored.fingerprint,
            offered: offered.fingerprint,
          })
          throw new MailroomError(
            'host-key-changed',
            `The host key of ${host} port ${port} is not the one you trusted. Someone may be intercepting the connection, so Mailroom disconnected before logging in. Ask the provider whether they changed the server's key.`,
            {
              host,
              port: String(port),
              storedType: check.stored.type,
              storedFingerprint: check.stored.fingerprint,
              offeredType: offered.type,
              offeredFingerprint: offered.fingerprint,
            },
          )
        }
        if (!interactive)
          throw new MailroomError(
            'host-key-rejected',
            `The host key of ${host} port ${port} is no longer trusted, so Mailroom did not reconnect. Connect again to look at the key.`,
          )
        const trusted = await prompts.ask(profileId, host, port, offered)
        if (trusted) knownHosts.trust(host, port, offered)
        return trusted
      },
    }).catch((error: unknown) => {
      release()
      throw error
    })
    this.sessions.set(profileId, session)
    session.onClose((reason) => {
      release()
      if (this.sessions.get(profileId) === session) this.sessions.delete(profileId)
      if (reason && this.wanted.has(profileId)) {
        this.reconnect(profileId, reason)
        return
      }
      events.emit(
        'session:closed',
        reason ? { profileId, reason: reason.toApiError() } : { profileId },
      )
      this.ended(profileId)
    })
    return session
  }

  /** After a drop: tries again with backoff, telling the UI before each wait why and for how long. */
  private reconnect(profileId: ProfileId, dropped: MailroomError): void {
    if (this.reconnecting.has(profileId)) return
    const { events, logger } = this.deps
    const privateKey = this.wanted.get(profileId)
    if (!privateKey) return
    const stop = new AbortController()
    const delays = this.deps.reconnectDelaysMs ?? RECONNECT_DELAYS_MS
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
          const session = await this.establish(profileId, privateKey, false)
          if (stop.signal.aborted) {
            session.close()
            return undefined
          }
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
      this.wanted.delete(profileId)
      const gaveUp = new MailroomError(
        reason.kind,
        `Reconnecting gave up. ${reason.message}`,
        reason.detail,
      )
      logger.warn('Reconnecting gave up', { profileId, reason: reason.message })
      this.gaveUp.set(profileId, gaveUp)
      events.emit('session:closed', { profileId, reason: gaveUp.toApiError() })
      this.ended(profileId)
      return gaveUp
    }
    const done = attempts().finally(() => {
      if (this.reconnecting.get(profileId)?.stop === stop) this.reconnecting.delete(profileId)
    })
    this.reconnecting.set(profileId, { done, stop })
  }

  private ended(profileId: ProfileId): void {
    for (const listener of this.endListeners) listener(profileId)
  }

  private async privateKeyOf(
    profile: ReturnType<ProfileStore['get']>,
    passphrase?: string,
  ): Promise<LoadedPrivateKey> {
    if (profile.keyId !== null) return this.deps.keys.loadForConnect(profile.keyId, passphrase)
    if (profile.legacyKeyPath !== undefined)
      return loadPrivateKey(profile.legacyKeyPath, passphrase)
    throw new MailroomError(
      'bad-key',
      `The profile "${profile.name}" has no key yet. Edit it to generate or import one.`,
    )
  }

  /** Forgets the trusted host key of a profile's server: the deliberate way to accept a new one. */
  forgetHostKey(profileId: ProfileId): void {
    const { host, port } = this.deps.profiles.get(profileId)
    this.deps.knownHosts.forget(host, port)
  }

  private describe(profileId: ProfileId, session: SftpSession): SessionInfo {
    const { host, port, username } = this.deps.profiles.get(profileId)
    return { profileId, host, port, username, hostKey: session.hostKey }
  }
}

/** Waits `ms`; false if `signal` stopped it first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** `promise`, or a `cancelled` error as soon as `signal` is aborted. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(new MailroomError('cancelled', 'Cancelled.'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new MailroomError('cancelled', 'Cancelled.'))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
