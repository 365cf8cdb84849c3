import type { ProfileId, SessionInfo } from '../../../shared/domain'
import type { EventBus } from '../api/event-bus'
import { MailroomError } from '../errors'
import type { HostKeyPrompts } from '../known-hosts/host-key-prompts'
import type { KnownHostsStore } from '../known-hosts/known-hosts-store'
import type { KeyVault } from '../keys/key-vault'
import { loadPrivateKey, type LoadedPrivateKey } from '../keys/load-private-key'
import type { Logger } from '../logging/logger'
import type { ProfileStore } from '../profiles/profile-store'
import { openSftpSession } from '../sftp/open-session'
import type { SftpSession } from '../sftp/sftp-session'
import type { ConnectionLimiter } from './connection-limiter'

export interface SessionManagerDeps {
  readonly profiles: ProfileStore
  readonly keys: KeyVault
  readonly knownHosts: KnownHostsStore
  readonly prompts: HostKeyPrompts
  readonly events: EventBus
  readonly logger: Logger
  readonly limiter: ConnectionLimiter
}

/**
 * One SFTP session per profile, reused for everything done with it: gateways throttle new
 * connections (AS2 Gateway: 20 a minute), so Mailroom never opens one per operation.
 */
export class SessionManager {
  private readonly sessions = new Map<ProfileId, SftpSession>()
  private readonly opening = new Map<ProfileId, Promise<SessionInfo>>()

  constructor(private readonly deps: SessionManagerDeps) {}

  open(profileId: ProfileId, passphrase?: string): Promise<SessionInfo> {
    const existing = this.sessions.get(profileId)
    if (existing?.isOpen) return Promise.resolve(this.describe(profileId, existing))
    const inProgress = this.opening.get(profileId)
    if (inProgress) return inProgress
    const attempt = this.connect(profileId, passphrase).finally(() =>
      this.opening.delete(profileId),
    )
    this.opening.set(profileId, attempt)
    return attempt
  }

  /** The open session of a profile, or a `not-connected` error saying what to do. */
  get(profileId: ProfileId): SftpSession {
    const session = this.sessions.get(profileId)
    if (!session?.isOpen)
      throw new MailroomError('not-connected', 'Not connected. Connect to the profile first.')
    return session
  }

  close(profileId: ProfileId): void {
    this.sessions.get(profileId)?.close()
    this.sessions.delete(profileId)
  }

  closeAll(): void {
    for (const profileId of [...this.sessions.keys()]) this.close(profileId)
  }

  private async connect(profileId: ProfileId, givenPassphrase?: string): Promise<SessionInfo> {
    const { profiles, knownHosts, prompts, events, logger } = this.deps
    const profile = profiles.get(profileId)
    const privateKey = await this.privateKeyOf(profile, givenPassphrase)
    const { host, port, username } = profile
    const release = await this.deps.limiter.acquire(host)
    const session = await openSftpSession({
      host,
      port,
      username,
      privateKey,
      logger,
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
      events.emit(
        'session:closed',
        reason ? { profileId, reason: reason.toApiError() } : { profileId },
      )
    })
    return this.describe(profileId, session)
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
