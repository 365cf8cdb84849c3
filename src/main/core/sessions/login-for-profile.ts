import type { Profile } from '../../../shared/domain'
import type { KeyVault } from '../keys/key-vault'
import type { Credentials } from '../sftp/credentials'
import type { Route } from '../sftp/route'
import { credentialsForProfile } from './credentials-for-profile'
import { NO_ROUTE_SOURCES, routeForProfile, type RouteSources } from './route-for-profile'

/** How a profile logs in and reaches its server: handed to the session as plain data. */
export interface Login {
  readonly credentials: Credentials
  readonly route: Route
}

/**
 * The profile's login: its credentials (credentials-for-profile.ts) and route
 * (route-for-profile.ts), whose jump hosts log in with those credentials unless they have a key.
 */
export async function loginForProfile(
  profile: Pick<Profile, 'id' | 'name' | 'keyId' | 'legacyKeyPath' | 'auth' | 'proxy' | 'jumps'>,
  keys: Pick<KeyVault, 'loadForConnect'>,
  passphrase?: string,
  routes: RouteSources = NO_ROUTE_SOURCES,
): Promise<Login> {
  const credentials = await credentialsForProfile(profile, keys, passphrase)
  return { credentials, route: await routeForProfile(profile, credentials, keys, routes) }
}
