import type { Profile } from '../../../shared/domain'
import { MailroomError } from '../errors'
import type { KeyVault } from '../keys/key-vault'
import { loadPrivateKey } from '../keys/load-private-key'
import type { Credentials } from '../sftp/credentials'
import type { Route } from '../sftp/route'

/** How a profile logs in and reaches its server: handed to the session as plain data. */
export interface Login {
  readonly credentials: Credentials
  readonly route: Route
}

/**
 * The profile's login: its key from the vault (or, from before keys were kept in the keychain,
 * its key file), decrypted with `passphrase` where it has one; the direct route.
 */
export async function loginForProfile(
  profile: Pick<Profile, 'name' | 'keyId' | 'legacyKeyPath'>,
  keys: Pick<KeyVault, 'loadForConnect'>,
  passphrase?: string,
): Promise<Login> {
  const route: Route = { kind: 'direct' }
  if (profile.keyId !== null)
    return {
      credentials: {
        kind: 'key',
        privateKey: await keys.loadForConnect(profile.keyId, passphrase),
      },
      route,
    }
  if (profile.legacyKeyPath !== undefined)
    return {
      credentials: {
        kind: 'key',
        privateKey: await loadPrivateKey(profile.legacyKeyPath, passphrase),
      },
      route,
    }
  throw new MailroomError(
    'bad-key',
    `The profile "${profile.name}" has no key yet. Edit it to generate or import one.`,
  )
}
