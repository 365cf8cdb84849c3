import type { Profile } from '../../../shared/domain'
import { MailroomError } from '../errors'
import type { Route } from '../sftp/route'

/** How the profile's connection reaches its server, as the session is given it. */
export async function routeForProfile(
  profile: Pick<Profile, 'name' | 'proxy' | 'jumps'>,
): Promise<Route> {
  if (profile.proxy.kind !== 'none' || profile.jumps.length > 0)
    throw new MailroomError(
      'not-supported',
      `The profile "${profile.name}" goes through a proxy or a jump host, which this version of Mailroom cannot do yet.`,
    )
  return { kind: 'direct' }
}
