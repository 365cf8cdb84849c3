import type { ProfileId } from '../../../shared/domain'
import type { SecretStore } from './secret-store'

/**
 * The profiles' login passwords, kept where keys' secrets are (the OS keychain), one account
 * per profile, so none is ever in the settings file. A profile set to be asked at every
 * connect has none here.
 */
export class ProfilePasswords {
  constructor(private readonly secrets: SecretStore) {}

  async get(profileId: ProfileId): Promise<string | undefined> {
    return (await this.secrets.get(passwordAccount(profileId))) ?? undefined
  }

  async has(profileId: ProfileId): Promise<boolean> {
    return (await this.get(profileId)) !== undefined
  }

  async remember(profileId: ProfileId, password: string): Promise<void> {
    await this.secrets.set(passwordAccount(profileId), password)
  }

  /** Forgets the profile's password; true if there was one. */
  async forget(profileId: ProfileId): Promise<boolean> {
    return this.secrets.delete(passwordAccount(profileId))
  }
}

function passwordAccount(profileId: ProfileId): string {
  return `profile-password:${profileId}`
}
