import type { Mailroom } from '../main/core/app/create-mailroom'
import type { Profile } from '../shared/domain'
import type { Result } from '../shared/errors'
import { PGP_PARTNER_INBOX, type DemoPgpKeys } from './demo-pgp-partner'

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value as T
}

/**
 * Readies the demo's MFT Gateway profile for its OpenPGP partner, as a person would: imports
 * the demo's own key pair and the partner's public key (again each run: an import of a key
 * already there only updates it), and turns on decryption for the partner's inbox, requiring
 * a good signature, unless the profile says otherwise already.
 */
export async function readyDemoPgp(
  mailroom: Mailroom,
  keys: DemoPgpKeys,
  profileId: string,
): Promise<void> {
  for (const text of [keys.ownPrivateKey, keys.partnerPublicKey])
    value(
      await mailroom.dispatch('pgp:import', {
        source: { kind: 'text', text },
        rememberPassphrase: false,
      }),
    )
  const profiles = value<Profile[]>(await mailroom.dispatch('profiles:list', {}))
  const profile = profiles.find((candidate) => candidate.id === profileId)
  if (!profile) throw new Error(`No demo profile ${profileId}.`)
  if (profile.pgpReceive[PGP_PARTNER_INBOX]) return
  value(
    await mailroom.dispatch('profiles:save', {
      id: profile.id,
      profile: {
        ...profile,
        pgpReceive: {
          ...profile.pgpReceive,
          [PGP_PARTNER_INBOX]: { decrypt: true, signature: 'require', keepEncrypted: false },
        },
      },
    }),
  )
}
