import type { ProfileId } from '../../../shared/domain'
import type { SecretStore } from './secret-store'

/**
 * The password of each profile's proxy login, in the OS keychain (DESIGN.md section 3: no
 * secret in the settings file), under an account of its own per profile. The profile keeps only
 * the proxy's user name; the password never leaves core, is never logged, never reaches the UI.
 */
export class ProxyPasswords {
  constructor(private readonly secrets: SecretStore) {}

  get(profileId: ProfileId): Promise<string | null> {
    return this.secrets.get(account(profileId))
  }

  /** Whether one is stored, for the profile dialog ("stored" beside the field). */
  async has(profileId: ProfileId): Promise<boolean> {
    return (await this.get(profileId)) !== null
  }

  /** Stores the password, or forgets it (null). */
  async set(profileId: ProfileId, password: string | null): Promise<void> {
    if (password === null) await this.secrets.delete(account(profileId))
    else await this.secrets.set(account(profileId), password)
  }

  /** A cloned profile goes through the same proxy with the same login. */
  async copy(from: ProfileId, to: ProfileId): Promise<void> {
    const password = await this.get(from)
    if (password !== null) await this.set(to, password)
  }
}

function account(profileId: ProfileId): string {
  return `proxy-password:${profileId}`
}
