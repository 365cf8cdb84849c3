import { describe, expect, it } from 'vitest'
import { ProfileStore } from '../../../../src/main/core/profiles/profile-store'
import {
  SETTINGS_SCHEMA_VERSION,
  SettingsFileStore,
} from '../../../../src/main/core/settings/settings-file'
import type { ProfileId } from '../../../../src/shared/domain'
import { MemorySettings } from '../../../fixtures/memory-settings'

const input = {
  name: 'MFT',
  host: 'sftp.mftgateway.example',
  port: 22,
  username: 'acme_1',
  privateKeyPath: '/k',
}

describe('SettingsFileStore and ProfileStore', () => {
  it('starts an empty file with its schema version', () => {
    const backend = new MemorySettings()
    new SettingsFileStore(backend)
    expect(backend.get('schemaVersion')).toBe(SETTINGS_SCHEMA_VERSION)
    expect(backend.get('profiles')).toEqual([])
  })

  it('refuses a file from another schema version instead of overwriting it', () => {
    const backend = new MemorySettings()
    backend.set('schemaVersion', 99)
    expect(() => new SettingsFileStore(backend)).toThrow(/schema 99/)
  })

  it('refuses a damaged section with a clear error', () => {
    const backend = new MemorySettings()
    const file = new SettingsFileStore(backend)
    backend.set('profiles', [{ name: 1 }])
    expect(() => file.read('profiles')).toThrow(/"profiles" section is damaged/)
  })

  it('creates, replaces and deletes profiles', () => {
    const profiles = new ProfileStore(new SettingsFileStore(new MemorySettings()))
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
})
