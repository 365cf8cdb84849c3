import type { ProfileAuth } from '../../../../shared/connection-settings'
import type { KeyId, ProfileId } from '../../../../shared/domain'
import { MailroomError } from '../../errors'
import type { StoredProfile } from '../../settings/settings-file'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/**
 * Profiles, their stored passwords (the login's and the proxy login's, in the keychain) and
 * their trusted host keys (the server's and its jump hosts'); deleting one closes its
 * connection first. A login password is kept only while the profile's login remembers one:
 * saving it to be asked at every connect (or to another method), or deleting it, forgets it.
 */
export function profileHandlers({
  profiles,
  keys,
  knownHosts,
  sessions,
  passwords,
  proxyPasswords,
}: Pick<
  HandlerDeps,
  'profiles' | 'keys' | 'knownHosts' | 'sessions' | 'passwords' | 'proxyPasswords'
>): HandlersFor<
  | 'profiles:list'
  | 'profiles:save'
  | 'profiles:stored-secrets'
  | 'profiles:clone'
  | 'profiles:delete'
  | 'profiles:trusted-host-key'
  | 'profiles:forget-host-key'
  | 'profiles:remember-password'
  | 'profiles:forget-password'
  | 'profiles:password-stored'
> {
  /** The host and port asked about: the profile's server, or one of its jump hosts. */
  const serverOf = (id: ProfileId, server?: { host: string; port: number }) => {
    const profile = profiles.get(id)
    if (!server) return { host: profile.host, port: profile.port }
    const same = (candidate: { host: string; port: number }) =>
      candidate.host.toLowerCase() === server.host.toLowerCase() && candidate.port === server.port
    if (same(profile) || profile.jumps.some(same)) return server
    throw new MailroomError(
      'not-found',
      `${server.host} port ${server.port} is neither the server of "${profile.name}" nor one of its jump hosts.`,
    )
  }
  return {
    'profiles:list': async () => profiles.list(),
    'profiles:save': async ({ id, profile, proxyPassword }) => {
      if (profile.keyId !== null) await keys.info(profile.keyId)
      for (const jump of profile.jumps)
        if (jump.keyId !== null) await keys.info(jump.keyId as KeyId)
      const hasLogin = proxyLoginOf(profile) !== undefined
      if (typeof proxyPassword === 'string' && !hasLogin)
        throw new MailroomError(
          'invalid-input',
          "A proxy password goes with the proxy's user name: enter the user name too.",
        )
      const previous = id === undefined ? undefined : profiles.get(id)
      const saved = profiles.save(id, profile)
      // The keychain is asked only when there is a password to keep or to forget, so saving a
      // profile without a proxy login never depends on it.
      const forget = !hasLogin && previous !== undefined && proxyLoginOf(previous) !== undefined
      try {
        if (hasLogin && proxyPassword !== undefined)
          await proxyPasswords.set(saved.id, proxyPassword)
        else if (forget || (hasLogin && proxyPassword === null))
          await proxyPasswords.set(saved.id, null)
      } catch (error) {
        // Nothing stored half-way: the profile goes back to what it was.
        if (previous) profiles.save(previous.id, previous)
        else profiles.delete(saved.id)
        throw error
      }
      if (id !== undefined && !remembersPassword(saved.auth)) await passwords.forget(saved.id)
      return saved
    },
    'profiles:stored-secrets': async ({ id }) => {
      profiles.get(id)
      return { proxyPassword: await proxyPasswords.has(id) }
    },
    'profiles:clone': async ({ id }) => {
      const source = profiles.get(id)
      const copy = profiles.clone(id)
      if (proxyLoginOf(source) !== undefined)
        await proxyPasswords.copy(id, copy.id).catch((error: unknown) => {
          profiles.delete(copy.id)
          throw error
        })
      return copy
    },
    'profiles:delete': async ({ id, deleteKey }) => {
      const profile = profiles.get(id)
      sessions.close(id)
      if (proxyLoginOf(profile) !== undefined) await proxyPasswords.set(id, null)
      profiles.delete(id)
      await passwords.forget(id)
      const { keyId } = profile
      if (deleteKey && keyId !== null && profiles.usingKey(keyId).length === 0)
        await keys.delete(keyId)
      return null
    },
    'profiles:trusted-host-key': async ({ id, server }) => {
      const { host, port } = serverOf(id, server)
      const trusted = knownHosts.trusted(host, port)
      return trusted
        ? { type: trusted.type, fingerprint: trusted.fingerprint, trustedAt: trusted.trustedAt }
        : null
    },
    'profiles:forget-host-key': async ({ id, server }) => {
      const { host, port } = serverOf(id, server)
      sessions.close(id)
      knownHosts.forget(host, port)
      return null
    },
    'profiles:remember-password': async ({ id, password }) => {
      const { name, auth } = profiles.get(id)
      if (!remembersPassword(auth))
        throw new MailroomError(
          'invalid-input',
          'remember' in auth
            ? `"${name}" asks for its password at every connect: set it to remember the password first.`
            : `"${name}" logs in with ${auth.method === 'agent' ? 'an SSH agent' : 'its key'}, not a password.`,
        )
      await passwords.remember(id, password)
      return null
    },
    'profiles:forget-password': async ({ id }) => {
      profiles.get(id)
      await passwords.forget(id)
      return null
    },
    'profiles:password-stored': async ({ id }) => {
      profiles.get(id)
      return passwords.has(id)
    },
  }
}

/** Whether a way of logging in keeps its password in the keychain. */
export function remembersPassword(auth: ProfileAuth): boolean {
  return 'remember' in auth && auth.remember
}

/** The user name of the profile's proxy login, if it has one. */
function proxyLoginOf(profile: Pick<StoredProfile, 'proxy'>): string | undefined {
  const { proxy } = profile
  return (proxy.kind === 'socks5' || proxy.kind === 'http') && proxy.username?.trim()
    ? proxy.username
    : undefined
}
