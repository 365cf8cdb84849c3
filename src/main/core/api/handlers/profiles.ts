import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Profiles and their trusted host keys; deleting one closes its connection first. */
export function profileHandlers({
  profiles,
  keys,
  knownHosts,
  sessions,
}: Pick<HandlerDeps, 'profiles' | 'keys' | 'knownHosts' | 'sessions'>): HandlersFor<
  | 'profiles:list'
  | 'profiles:save'
  | 'profiles:clone'
  | 'profiles:delete'
  | 'profiles:trusted-host-key'
  | 'profiles:forget-host-key'
> {
  return {
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
  }
}
