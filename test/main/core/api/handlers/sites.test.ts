import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  generateEd25519,
  generateEd25519KeyFile,
} from '../../../../../src/main/core/keys/generate-key'
import { publicBlob } from '../../../../../src/main/core/keys/key-material'
import { sha256Fingerprint } from '../../../../../src/main/core/sftp/host-key'
import type { KeyInfo, Profile, SiteCandidate } from '../../../../../src/shared/domain'
import { valueOf } from '../../../../fixtures/connected-mailroom'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

describe('the site import calls', () => {
  let core: MemoryMailroom | undefined
  let folder: string | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
    if (folder) rmSync(folder, { recursive: true, force: true })
    folder = undefined
  })

  /** An OpenSSH config naming two servers that share one key file, and a settings-only block. */
  const openSshConfig = () => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-sites-handler-'))
    const keyPath = join(folder, 'id_gateway')
    writeFileSync(keyPath, generateEd25519KeyFile('gateway key').privateKey, { mode: 0o600 })
    const configPath = join(folder, 'config')
    writeFileSync(
      configPath,
      [
        'Host acme acme-alias',
        '  HostName sftp.acme.test',
        '  Port 2222',
        '  User acme-corp',
        'Host bolt',
        '  HostName sftp.bolt.test',
        'Host *',
        `  IdentityFile ${keyPath}`,
        '',
      ].join('\n'),
    )
    return { folder, keyPath, configPath }
  }

  it('previews the sites of a file without creating anything', async () => {
    core = memoryMailroom()
    const { keyPath, configPath } = openSshConfig()

    const sites = valueOf<SiteCandidate[]>(
      await core.app.dispatch('sites:preview', { source: 'openssh', path: configPath }),
    )
    expect(sites).toEqual([
      {
        name: 'acme',
        group: '',
        host: 'sftp.acme.test',
        port: 2222,
        username: 'acme-corp',
        keyPath,
      },
      { name: 'bolt', group: '', host: 'sftp.bolt.test', port: 22, username: '', keyPath },
    ])
    expect(await core.app.dispatch('profiles:list', {})).toEqual({ ok: true, value: [] })
    expect(await core.app.dispatch('keys:list', {})).toEqual({ ok: true, value: [] })
  })

  it('imports the chosen sites as profiles, their key once, and the host keys known_hosts lists', async () => {
    core = memoryMailroom()
    const { folder: dir, configPath } = openSshConfig()
    const hostKey = publicBlob(generateEd25519('acme host'))
    const knownHostsPath = join(dir, 'known_hosts')
    writeFileSync(
      knownHostsPath,
      `[sftp.acme.test]:2222 ssh-ed25519 ${hostKey.toString('base64')}\n`,
    )

    const imported = valueOf<{ profiles: Profile[]; notes: string[] }>(
      await core.app.dispatch('sites:import', {
        source: 'openssh',
        path: configPath,
        chosen: [0, 1],
        knownHostsPath,
      }),
    )

    expect(imported.notes).toEqual(['bolt: no user name was stored; edit the profile to set it.'])
    const [key, ...otherKeys] = valueOf<KeyInfo[]>(await core.app.dispatch('keys:list', {}))
    expect(otherKeys).toEqual([])
    expect(key).toMatchObject({ origin: 'imported', type: 'ssh-ed25519' })
    const profiles = valueOf<Profile[]>(await core.app.dispatch('profiles:list', {}))
    expect(
      profiles.map(({ name, preset, host, port, username, keyId }) => ({
        name,
        preset,
        host,
        port,
        username,
        keyId,
      })),
    ).toEqual([
      {
        name: 'acme',
        preset: 'generic',
        host: 'sftp.acme.test',
        port: 2222,
        username: 'acme-corp',
        keyId: key?.id,
      },
      {
        name: 'bolt',
        preset: 'generic',
        host: 'sftp.bolt.test',
        port: 22,
        username: 'user',
        keyId: key?.id,
      },
    ])
    expect(imported.profiles.map((profile) => profile.id)).toEqual(
      profiles.map((profile) => profile.id),
    )

    const [acme, bolt] = profiles
    expect(
      await core.app.dispatch('profiles:trusted-host-key', { id: acme?.id ?? '' }),
    ).toMatchObject({
      ok: true,
      value: { type: 'ssh-ed25519', fingerprint: sha256Fingerprint(hostKey) },
    })
    expect(await core.app.dispatch('profiles:trusted-host-key', { id: bolt?.id ?? '' })).toEqual({
      ok: true,
      value: null,
    })
  })

  it('imports only the sites chosen, and trusts no host key when no known_hosts is named', async () => {
    core = memoryMailroom()
    const { configPath } = openSshConfig()

    const imported = valueOf<{ profiles: Profile[]; notes: string[] }>(
      await core.app.dispatch('sites:import', { source: 'openssh', path: configPath, chosen: [0] }),
    )

    expect(imported).toMatchObject({ profiles: [{ name: 'acme' }], notes: [] })
    const profiles = valueOf<Profile[]>(await core.app.dispatch('profiles:list', {}))
    expect(profiles.map((profile) => profile.name)).toEqual(['acme'])
    expect(
      await core.app.dispatch('profiles:trusted-host-key', { id: profiles[0]?.id ?? '' }),
    ).toEqual({ ok: true, value: null })
  })

  it('says which file it could not read, as an error of the call', async () => {
    core = memoryMailroom()
    folder = mkdtempSync(join(tmpdir(), 'mailroom-sites-handler-'))
    const missing = join(folder, 'no-such-config')

    for (const call of [
      core.app.dispatch('sites:preview', { source: 'openssh', path: missing }),
      core.app.dispatch('sites:import', { source: 'openssh', path: missing, chosen: [0] }),
    ]) {
      expect(await call).toMatchObject({
        ok: false,
        error: { kind: 'not-found', message: expect.stringContaining(missing) },
      })
    }
    expect(await core.app.dispatch('profiles:list', {})).toEqual({ ok: true, value: [] })
  })
})
