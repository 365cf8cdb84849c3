import type { CallInput, CallOutput } from '../shared/api-contract'
import type { Profile } from '../shared/domain'
import { CliFailure } from './exit-codes'

/**
 * What finding a profile needs of the command's core (a CliMailroom): only its profile list.
 * Named here rather than imported, since CliMailroom itself finds the profile a run is for.
 */
export interface ProfileSource {
  call(
    name: 'profiles:list',
    input: CallInput<'profiles:list'>,
  ): Promise<CallOutput<'profiles:list'>>
}

/** The profile `--profile` names, by its name (as the profile list shows it) or its id. */
export async function findProfile(mailroom: ProfileSource, wanted: string): Promise<Profile> {
  const profiles = await mailroom.call('profiles:list', {})
  const byName = profiles.filter((profile) => profile.name === wanted)
  const matches =
    byName.length > 0
      ? byName
      : profiles.filter(
          (profile) => profile.id === wanted || profile.name.toLowerCase() === wanted.toLowerCase(),
        )
  const [found, other] = matches
  if (found && !other) return found
  if (found)
    throw CliFailure.usage(
      `${matches.length} profiles are named "${wanted}": give the id instead (${matches.map((profile) => profile.id).join(', ')}).`,
    )
  throw CliFailure.usage(
    profiles.length === 0
      ? `There is no profile "${wanted}": there are no profiles yet (mailroom profile add).`
      : `There is no profile "${wanted}". The profiles: ${profiles.map((profile) => `"${profile.name}"`).join(', ')}.`,
  )
}
