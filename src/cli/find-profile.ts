import type { Profile } from '../shared/domain'
import type { CliMailroom } from './cli-mailroom'
import { CliFailure } from './exit-codes'

/** The profile `--profile` names, by its name (as the profile list shows it) or its id. */
export async function findProfile(mailroom: CliMailroom, wanted: string): Promise<Profile> {
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
