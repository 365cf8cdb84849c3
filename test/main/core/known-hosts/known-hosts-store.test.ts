import { describe, expect, it } from 'vitest'
import { KnownHostsStore } from '../../../../src/main/core/known-hosts/known-hosts-store'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import { MemorySettings } from '../../../fixtures/memory-settings'

const key = { type: 'ssh-ed25519', fingerprint: 'SHA256:aaaa' }

describe('KnownHostsStore', () => {
  const store = () => new KnownHostsStore(new SettingsFileStore(new MemorySettings()))

  it('knows nothing at first, then trusts what was accepted, per host and port', () => {
    const hosts = store()
    expect(hosts.check('sftp.example.com', 22, key)).toEqual({ status: 'unknown' })
    hosts.trust('SFTP.example.com', 22, key, 1000)
    expect(hosts.check('sftp.example.com', 22, key)).toEqual({ status: 'trusted' })
    expect(hosts.check('sftp.example.com', 9193, key)).toEqual({ status: 'unknown' })
  })

  it('reports a different key, or a key of another type, as changed', () => {
    const hosts = store()
    hosts.trust('h', 22, key, 1000)
    const stored = { host: 'h', port: 22, ...key, trustedAt: 1000 }
    expect(hosts.check('h', 22, { type: 'ssh-ed25519', fingerprint: 'SHA256:bbbb' })).toEqual({
      status: 'changed',
      stored,
    })
    expect(hosts.check('h', 22, { type: 'ssh-rsa', fingerprint: 'SHA256:cccc' })).toEqual({
      status: 'changed',
      stored,
    })
  })
})
