import type { Profile } from '../../../shared/domain'
import type { Credentials } from '../sftp/credentials'
import type { Route } from '../sftp/route'
import {
  credentialsForProfile,
  type CredentialSources,
  type GivenSecrets,
} from './credentials-for-profile'
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
  profile: Pick<
    Profile,
    | 'id'
    | 'name'
    | 'host'
    | 'port'
    | 'username'
    | 'keyId'
    | 'legacyKeyPath'
    | 'auth'
    | 'proxy'
    | 'jumps'
  >,
  sources: CredentialSources,
  given: GivenSecrets = {},
  routes: RouteSources = NO_ROUTE_SOURCES,
): Promise<Login> {
  const credentials = await credentialsForProfile(profile, sources, given)
  return { credentials, route: await routeForProfile(profile, credentials, sources.keys, routes) }
}
