import type { Profile } from '../../../shared/domain'
import type { Credentials } from '../sftp/credentials'
import type { Route } from '../sftp/route'
import {
  credentialsForProfile,
  type CredentialSources,
  type GivenSecrets,
} from './credentials-for-profile'
import { routeForProfile } from './route-for-profile'

/** How a profile logs in and reaches its server: handed to the session as plain data. */
export interface Login {
  readonly credentials: Credentials
  readonly route: Route
}

/** The profile's login: its credentials (credentials-for-profile.ts) and route (route-for-profile.ts). */
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
): Promise<Login> {
  return {
    credentials: await credentialsForProfile(profile, sources, given),
    route: await routeForProfile(profile),
  }
}
