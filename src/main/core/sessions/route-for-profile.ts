import type { KeyId, Profile } from '../../../shared/domain'
import type { ProxySetting } from '../../../shared/connection-settings'
import { MailroomError } from '../errors'
import type { KeyVault } from '../keys/key-vault'
import type { ProxyPasswords } from '../secrets/proxy-passwords'
import type { Credentials } from '../sftp/credentials'
import type { ResolveProxy, Route } from '../sftp/route'

/** Where a route's secrets and the system's proxy come from. */
export interface RouteSources {
  /** The proxy logins' passwords (the OS keychain). */
  readonly proxyPasswords: Pick<ProxyPasswords, 'get'>
  /**
   * The system's proxy for a host: the desktop shell's lookup. The command and the web UI run
   * without Electron and have none, so a profile set to the system's proxy says so there.
   */
  readonly resolveProxy?: ResolveProxy
}

/** No proxy passwords and no system proxy: for a session manager made without them (tests). */
export const NO_ROUTE_SOURCES: RouteSources = { proxyPasswords: { get: async () => null } }

/**
 * How the profile's connection reaches its server, as the session is given it: through its
 * proxy (its login's password from the keychain), then through its jump hosts in order, each
 * logging in with its own stored key or else with the profile's `credentials`.
 */
export async function routeForProfile(
  profile: Pick<Profile, 'id' | 'name' | 'proxy' | 'jumps'>,
  credentials: Credentials,
  keys: Pick<KeyVault, 'loadForConnect'>,
  sources: RouteSources,
): Promise<Route> {
  let route = await proxyRoute(profile, sources)
  for (const jump of profile.jumps) {
    const hop = {
      host: jump.host,
      port: jump.port,
      username: jump.username,
      credentials: jump.keyId === null ? credentials : await jumpKey(jump, jump.keyId, keys),
    }
    route = { kind: 'jump', hop, via: route }
  }
  return route
}

async function proxyRoute(
  profile: Pick<Profile, 'id' | 'name' | 'proxy'>,
  sources: RouteSources,
): Promise<Route> {
  const proxy: ProxySetting = profile.proxy
  switch (proxy.kind) {
    case 'none':
      return { kind: 'direct' }
    case 'system':
      if (!sources.resolveProxy)
        throw new MailroomError(
          'not-supported',
          `The profile "${profile.name}" goes through the system's proxy, which only the desktop app can look up. Here, set the proxy itself in the profile (SOCKS5 or HTTP, host and port).`,
        )
      return { kind: 'system', resolveProxy: sources.resolveProxy }
    case 'socks5':
    case 'http': {
      const username = proxy.username?.trim()
      const login = username
        ? { username, password: (await sources.proxyPasswords.get(profile.id)) ?? '' }
        : undefined
      return {
        kind: proxy.kind,
        proxy: { host: proxy.host, port: proxy.port, ...(login ? { login } : {}) },
      }
    }
  }
}

/** A jump host's own key: remembered passphrase only, since only one passphrase is asked. */
async function jumpKey(
  jump: Profile['jumps'][number],
  keyId: string,
  keys: Pick<KeyVault, 'loadForConnect'>,
): Promise<Credentials> {
  try {
    return { kind: 'key', privateKey: await keys.loadForConnect(keyId as KeyId) }
  } catch (error) {
    if (error instanceof MailroomError && error.kind === 'passphrase-needed')
      throw new MailroomError(
        'passphrase-needed',
        `The key of the jump host ${jump.host} is protected by a passphrase that is not remembered. Remember it with the key (Profile, Key), so Mailroom can log in to the jump host.`,
        { ...error.detail, jumpHost: jump.host, jumpPort: String(jump.port) },
      )
    throw error
  }
}
