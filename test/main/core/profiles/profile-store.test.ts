import { describe, expect, it } from 'vitest'
import { ProfileStore } from '../../../../src/main/core/profiles/profile-store'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import { keyId, profileInput, type ProfileId } from '../../../../src/shared/domain'
import { MemorySettings } from '../../../fixtures/memory-settings'

const input = profileInput.parse({
  name: 'MFT',
  preset: 'mft-gateway',
  group: 'Customers',
  host: 'sftp.mftgateway.example',
  port: 22,
  username: 'acme_1',
  keyId: null,
})

const gone = { kind: 'not-found', message: 'That profile no longer exists.' }

/** A store over a settings file of its own, with a peek at what the file holds. */
function store() {
  const settings = new MemorySettings()
  return { profiles: new ProfileStore(new SettingsFileStore(settings)), settings }
}

/** A settings file of schema 1's making: a profile that logs in with a key file's path. */
function withLegacyKeyPath() {
  const settings = new MemorySettings()
  settings.set('schemaVersion', 1)
  settings.set('profiles', [
    {
      id: 'profile-0001',
      name: 'Old',
      host: 'h.example',
      port: 22,
      username: 'u',
      privateKeyPath: '/home/u/.ssh/id_ed25519',
    },
  ])
  settings.set('knownHosts', [])
  settings.set('settings', { pickupFolder: '' })
  const profiles = new ProfileStore(new SettingsFileStore(settings))
  const [old] = profiles.list()
  if (!old) throw new Error('the profile was not migrated')
  return { profiles, old }
}

describe('ProfileStore', () => {
  it('creates, replaces and deletes profiles', () => {
    const { profiles } = store()
    const created = profiles.save(undefined, input)
    expect(profiles.list()).toEqual([created])
    const renamed = profiles.save(created.id, { ...input, name: 'MFT Gateway' })
    expect(profiles.get(created.id).name).toBe('MFT Gateway')
    expect(renamed.id).toBe(created.id)
    profiles.delete(created.id)
    expect(profiles.list()).toEqual([])
    expect(() => profiles.get(created.id)).toThrow(/no longer exists/)
    expect(() => profiles.save('0000000000' as ProfileId, input)).toThrow(/no longer exists/)
  })

  it('keeps the order profiles were made in, and writes them to the settings file', () => {
    const { profiles, settings } = store()
    const first = profiles.save(undefined, { ...input, name: 'First' })
    const second = profiles.save(undefined, { ...input, name: 'Second' })
    profiles.save(first.id, { ...input, name: 'First, renamed' })
    expect(profiles.list().map((profile) => profile.name)).toEqual(['First, renamed', 'Second'])
    expect(first.id).not.toBe(second.id)
    expect(settings.get('profiles')).toEqual(profiles.list())
  })

  it('says a profile is gone when asked to change, clone or delete one that is not there', () => {
    const { profiles } = store()
    const missing = '0000000000' as ProfileId
    expect(() => profiles.get(missing)).toThrow(expect.objectContaining(gone))
    expect(() => profiles.save(missing, input)).toThrow(expect.objectContaining(gone))
    expect(() => profiles.clone(missing)).toThrow(expect.objectContaining(gone))
    expect(() => profiles.delete(missing)).toThrow(expect.objectContaining(gone))
    expect(profiles.list()).toEqual([])
  })

  it('clones a profile as "<name> (copy)" with an id of its own, within the 100-character limit', () => {
    const { profiles } = store()
    const original = profiles.save(undefined, input)
    const copy = profiles.clone(original.id)
    expect(copy).toEqual({ ...original, id: copy.id, name: 'MFT (copy)' })
    expect(copy.id).not.toBe(original.id)
    // A long name is shortened, not the suffix: the copy is still told apart from its original.
    const long = profiles.save(undefined, { ...input, name: 'x'.repeat(100) })
    expect(profiles.clone(long.id).name).toBe(`${'x'.repeat(93)} (copy)`)
    const fits = profiles.save(undefined, { ...input, name: 'y'.repeat(93) })
    expect(profiles.clone(fits.id).name).toBe(`${'y'.repeat(93)} (copy)`)
    expect(profiles.list()).toHaveLength(6)
  })

  it('keeps a legacy key file in use until a stored key is chosen, and never copies it', () => {
    const { profiles, old } = withLegacyKeyPath()
    expect(old.legacyKeyPath).toBe('/home/u/.ssh/id_ed25519')
    const { id: _id, legacyKeyPath: _path, ...fields } = old
    expect(profiles.save(old.id, { ...fields, name: 'Renamed' }).legacyKeyPath).toBe(
      '/home/u/.ssh/id_ed25519',
    )
    expect(profiles.clone(old.id).legacyKeyPath).toBeUndefined()
    const chosen = profiles.save(old.id, { ...fields, keyId: keyId.parse('key-00000001') })
    expect(chosen.legacyKeyPath).toBeUndefined()
    expect(profiles.get(old.id).legacyKeyPath).toBeUndefined()
  })

  it('lists the profiles that use a key', () => {
    const { profiles } = store()
    const key = keyId.parse('key-00000001')
    const a = profiles.save(undefined, { ...input, name: 'A', keyId: key })
    profiles.save(undefined, { ...input, name: 'B', keyId: keyId.parse('key-00000002') })
    const c = profiles.save(undefined, { ...input, name: 'C', keyId: key })
    expect(profiles.usingKey(key)).toEqual([a, c])
    expect(profiles.usingKey('key-00000003')).toEqual([])
  })
})
