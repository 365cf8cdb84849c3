import type { ProfileAuth } from '../../../../shared/connection-settings'
import { MailroomError } from '../../errors'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/**
 * Profiles, their trusted host keys and their stored passwords; deleting one closes its
 * connection first. A password is kept only while the profile's login remembers one: saving
 * it to be asked at every connect (or to another method), or deleting it, forgets it.
 */
export function profileHandlers({
  profiles,
  keys,
  knownHosts,
  sessions,
  passwords,
}: Pick<HandlerDeps, 'profiles' | 'keys' | 'knownHosts' | 'sessions' | 'passwords'>): HandlersFor<
  | 'profiles:list'
  | 'profiles:save'
  | 'profiles:clone'
  | 'profiles:delete'
  | 'profiles:trusted-host-key'
  | 'profiles:forget-host-key'
  | 'profiles:remember-password'
  | 'profiles:forget-password'
  | 'profiles:password-stored'
> {
  return {
    'profiles:list': async () => profiles.list(),
    'profiles:save': async ({ id, profile }) => {
      if (profile.keyId !== null) await keys.info(profile.keyId)
      const saved = profiles.save(id, profile)
      if (id !== undefined && !remembersPassword(saved.auth)) await passwords.forget(saved.id)
      return saved
    },
    'profiles:clone': async ({ id }) => profiles.clone(id),
    'profiles:delete': async ({ id, deleteKey }) => {
      const { keyId } = profiles.get(id)
      sessions.close(id)
      profiles.delete(id)
      await passwords.forget(id)
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
