import type { HostKeyInfo, ProfileId } from '../../../shared/domain'
import { MailroomError } from '../errors'
import type { HostKeyPrompts } from '../known-hosts/host-key-prompts'
import type { KnownHostsStore } from '../known-hosts/known-hosts-store'
import type { Logger } from '../logging/logger'

export interface HostKeyCheckDeps {
  readonly knownHosts: KnownHostsStore
  readonly prompts: HostKeyPrompts
  readonly logger: Logger
}

/**
 * Decides on a server's host key before any credential is sent: the trusted key goes on; a
 * changed one is refused with both fingerprints; an unknown one is put to the person, and only
 * on a connection they opened (`interactive`): reconnecting accepts only the trusted key.
 * A jump host on the way (`jumpHost`) is decided on the same way, its key kept for its own host
 * and port. `onPrompt` is told when the person is asked (true) and has answered (false).
 */
export function hostKeyCheck(
  deps: HostKeyCheckDeps,
  target: {
    readonly profileId: ProfileId
    readonly host: string
    readonly port: number
    readonly jumpHost?: boolean
  },
  interactive: boolean,
  onPrompt: (asking: boolean) => void = () => {},
): (offered: HostKeyInfo) => Promise<boolean> {
  const { knownHosts, prompts, logger } = deps
  const { profileId, host, port } = target
  const jumpHost = target.jumpHost === true
  // As messages name it: "the jump host bastion port 22", or "sftp.example.com port 22".
  const server = `${jumpHost ? 'the jump host ' : ''}${host} port ${port}`
  const jumpDetail: Record<string, string> = jumpHost ? { jumpHost: 'true' } : {}
  return async (offered) => {
    const check = knownHosts.check(host, port, offered)
    if (check.status === 'trusted') return true
    if (check.status === 'changed') {
      logger.warn('Host key changed; connection refused', {
        host,
        port,
        jumpHost,
        stored: check.stored.fingerprint,
        offered: offered.fingerprint,
      })
      throw new MailroomError(
        'host-key-changed',
        `The host key of ${server} is not the one you trusted. Someone may be intercepting the connection, so Mailroom disconnected before logging in. Ask ${jumpHost ? "the jump host's administrator whether they changed its key" : "the provider whether they changed the server's key"}.`,
        {
          host,
          port: String(port),
          storedType: check.stored.type,
          storedFingerprint: check.stored.fingerprint,
          offeredType: offered.type,
          offeredFingerprint: offered.fingerprint,
          ...jumpDetail,
        },
      )
    }
    if (!interactive)
      throw new MailroomError(
        'host-key-rejected',
        `The host key of ${server} is no longer trusted, so Mailroom did not reconnect. Connect again to look at the key.`,
        jumpHost ? { host, port: String(port), ...jumpDetail } : undefined,
      )
    onPrompt(true)
    const trusted = await prompts
      .ask(profileId, host, port, offered, jumpHost)
      .finally(() => onPrompt(false))
    if (trusted) knownHosts.trust(host, port, offered)
    return trusted
  }
}
