import type { Profile } from '../../../shared/domain'
import { MailroomError } from '../errors'
import type { KeyVault } from '../keys/key-vault'
import { loadPrivateKey } from '../keys/load-private-key'
import type { Credentials } from '../sftp/credentials'

/**
 * How the profile logs in, as the session is given it: its key from the vault (or, from before
 * keys were kept in the keychain, its key file), decrypted with `passphrase` where it has one.
 */
export async function credentialsForProfile(
  profile: Pick<Profile, 'name' | 'keyId' | 'legacyKeyPath' | 'auth'>,
  keys: Pick<KeyVault, 'loadForConnect'>,
  passphrase?: string,
): Promise<Credentials> {
  if (profile.auth.method !== 'key')
    throw new MailroomError(
      'not-supported',
      `The profile "${profile.name}" logs in with ${profile.auth.method}, which this version of Mailroom cannot do yet.`,
    )
  if (profile.keyId !== null)
    return { kind: 'key', privateKey: await keys.loadForConnect(profile.keyId, passphrase) }
  if (profile.legacyKeyPath !== undefined)
    return { kind: 'key', privateKey: await loadPrivateKey(profile.legacyKeyPath, passphrase) }
  throw new MailroomError(
    'bad-key',
    `The profile "${profile.name}" has no key yet. Edit it to generate or import one.`,
  )
}
