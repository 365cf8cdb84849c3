import { describe, expect, it } from 'vitest'
import {
  SETTINGS_SCHEMA_VERSION,
  SettingsFileStore,
} from '../../../../src/main/core/settings/settings-file'
import { MemorySettings } from '../../../fixtures/memory-settings'

describe('SettingsFileStore', () => {
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

  it('migrates a version 1 file: the key path is kept as a legacy path, nothing is lost', () => {
    const backend = new MemorySettings()
    backend.set('schemaVersion', 1)
    backend.set('profiles', [
      {
        id: 'profile-0001',
        name: 'Old',
        host: 'h.example',
        port: 2222,
        username: 'u',
        privateKeyPath: '/home/u/.ssh/id_ed25519',
      },
    ])
    backend.set('knownHosts', [
      { host: 'h.example', port: 2222, type: 'ssh-ed25519', fingerprint: 'SHA256:x', trustedAt: 1 },
    ])
    backend.set('settings', { pickupFolder: '/in' })
    const file = new SettingsFileStore(backend)
    expect(backend.get('schemaVersion')).toBe(4)
    expect(file.read('profiles')).toEqual([
      {
        id: 'profile-0001',
        name: 'Old',
        preset: 'generic',
        group: '',
        host: 'h.example',
        port: 2222,
        username: 'u',
        keyId: null,
        sendFolders: [],
        receiveFolders: [],
        uploadStrategy: 'auto',
        minFileAgeSeconds: 60,
        checkEveryMinutes: 0,
        autoPickup: false,
        conservative: false,
        // A profile from before there were other ways logs in with its key, directly.
        auth: { method: 'key' },
        proxy: { kind: 'none' },
        jumps: [],
        // Nor does it decrypt or encrypt any mailbox's files.
        pgpSend: {},
        pgpReceive: {},
        legacyKeyPath: '/home/u/.ssh/id_ed25519',
      },
    ])
    expect(file.read('knownHosts')).toHaveLength(1)
    expect(file.read('settings')).toEqual({ pickupFolder: '/in', pickupFolders: {} })
    expect(file.read('keys')).toEqual([])
    expect(file.read('pgpKeys')).toEqual([])
  })

  it('migrates a version 3 file to an empty OpenPGP key list, keeping its SSH keys', () => {
    const backend = new MemorySettings()
    backend.set('schemaVersion', 3)
    backend.set('profiles', [])
    backend.set('knownHosts', [])
    const sshKey = {
      id: '11111111-2222-3333-4444-555555555555',
      type: 'ssh-ed25519',
      bits: 256,
      fingerprint: 'SHA256:x',
      publicKey: 'ssh-ed25519 AAAA',
      comment: 'c',
      encrypted: false,
      origin: 'generated',
      createdAt: 1,
    }
    backend.set('keys', [sshKey])
    backend.set('settings', { pickupFolder: '/in', pickupFolders: {} })
    const file = new SettingsFileStore(backend)
    expect(backend.get('schemaVersion')).toBe(4)
    expect(file.read('pgpKeys')).toEqual([])
    expect(file.read('keys')).toEqual([sshKey])
  })

  it('refuses a damaged section with a clear error', () => {
    const backend = new MemorySettings()
    const file = new SettingsFileStore(backend)
    backend.set('profiles', [{ name: 1 }])
    expect(() => file.read('profiles')).toThrow(/"profiles" section is damaged/)
  })
})
