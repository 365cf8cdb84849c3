import { randomUUID } from 'node:crypto'
import type { ProfileId, ProfileInput } from '../../../shared/domain'
import { MailroomError } from '../errors'
import type { SettingsFileStore, StoredProfile } from '../settings/settings-file'

const COPY_SUFFIX = ' (copy)'

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
    const previous = id === undefined ? undefined : profiles.find((profile) => profile.id === id)
    if (id !== undefined && !previous)
      throw new MailroomError('not-found', 'That profile no longer exists.')
    // A legacy key file stays in use until the person picks a stored key.
    const legacy =
      previous?.legacyKeyPath !== undefined && input.keyId === null
        ? { legacyKeyPath: previous.legacyKeyPath }
        : {}
    const saved: StoredProfile = { ...input, ...legacy, id: id ?? (randomUUID() as ProfileId) }
    this.file.write(
      'profiles',
      id === undefined
        ? [...profiles, saved]
        : profiles.map((profile) => (profile.id === id ? saved : profile)),
    )
    return saved
  }

  /** A copy named "<name> (copy)", for a second partner on the same gateway. */
  clone(id: ProfileId): StoredProfile {
    const { id: _id, legacyKeyPath: _legacyKeyPath, ...source } = this.get(id)
    // A name has at most 100 characters: shorten the name, not the suffix, so a copy of a long
    // name is still told apart from its original.
    const name = `${source.name.slice(0, 100 - COPY_SUFFIX.length)}${COPY_SUFFIX}`
    return this.save(undefined, { ...source, name })
  }

  /** Profiles still using a key (so deleting a profile can offer to delete an unshared key). */
  usingKey(keyId: string): StoredProfile[] {
    return this.list().filter((profile) => profile.keyId === keyId)
  }

  /** Profiles that encrypt to an OpenPGP key in a send mailbox, so deleting it is refused. */
  usingPgpKey(fingerprint: string): StoredProfile[] {
    return this.list().filter((profile) =>
      Object.values(profile.pgpSend).some((setting) =>
        setting.encryptTo.some((key) => key === fingerprint),
      ),
    )
  }

  /** Profiles whose send mailboxes sign with an own OpenPGP key, so deleting it is refused. */
  signingWithPgpKey(fingerprint: string): StoredProfile[] {
    return this.list().filter((profile) =>
      Object.values(profile.pgpSend).some((setting) => setting.signWith === fingerprint),
    )
  }

  delete(id: ProfileId): void {
    this.get(id)
    this.file.write(
      'profiles',
      this.list().filter((profile) => profile.id !== id),
    )
  }
}
