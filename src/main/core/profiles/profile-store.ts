import { randomUUID } from 'node:crypto'
import type { ProfileId, ProfileInput } from '../../../shared/domain'
import { MailroomError } from '../errors'
import type { SettingsFileStore, StoredProfile } from '../settings/settings-file'

/** The saved connection profiles: what to connect to and with which key file. No secrets. */
export class ProfileStore {
  constructor(private readonly file: SettingsFileStore) {}

  list(): StoredProfile[] {
    return this.file.read('profiles')
  }

  get(id: ProfileId): StoredProfile {
    const found = this.list().find((profile) => profile.id === id)
    if (!found) throw new MailroomError('not-found', 'That profile no longer exists.')
    return found
  }

  /** Creates a profile (no `id`) or replaces the one with `id`. */
  save(id: ProfileId | undefined, input: ProfileInput): StoredProfile {
    const profiles = this.list()
    if (id !== undefined && !profiles.some((profile) => profile.id === id)) {
      throw new MailroomError('not-found', 'That profile no longer exists.')
    }
    const saved: StoredProfile = { ...input, id: id ?? (randomUUID() as ProfileId) }
    this.file.write(
      'profiles',
      id === undefined
        ? [...profiles, saved]
        : profiles.map((profile) => (profile.id === id ? saved : profile)),
    )
    return saved
  }

  delete(id: ProfileId): void {
    this.get(id)
    this.file.write(
      'profiles',
      this.list().filter((profile) => profile.id !== id),
    )
  }
}
