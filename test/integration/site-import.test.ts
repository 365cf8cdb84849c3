import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailroom, type Mailroom } from '../../src/main/core/app/create-mailroom'
import { silentLogger } from '../../src/main/core/logging/logger'
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store'
import type { Profile } from '../../src/shared/domain'
import type { ApiEvent } from '../../src/shared/transport'
import { MemorySettings } from '../fixtures/memory-settings'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** Importing ~/.ssh/config sites with their keys and hashed known_hosts, then logging in without a prompt. */
describe('importing OpenSSH sites', () => {
  let server: TestSshd
  let dir: string
  let app: Mailroom
  const events: ApiEvent[] = []

  beforeAll(async () => {
    server = await startSshd()
    dir = mkdtempSync(join(tmpdir(), 'mailroom-site-import-'))
    app = createMailroom({
      dataDir: join(dir, 'data'),
      settings: new MemorySettings(),
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      platform: { transport: 'web', version: 'test' },
    })
    app.subscribe((event) => events.push(event))
  })
  afterAll(async () => {
    await app?.shutdown()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates the chosen profiles, imports their keys once, trusts hashed known_hosts entries, and connects without asking', async () => {
    const plainKey = join(dir, 'partner_ed25519')
    const lockedKey = join(dir, 'locked_ed25519')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'partner', '-f', plainKey])
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'locked away', '-f', lockedKey])
    server.authorize(readFileSync(`${plainKey}.pub`, 'utf8'))
    const config = join(dir, 'config')
    writeFileSync(
      config,
      [
        'Host partner',
        `  HostName ${server.host}`,
        `  Port ${server.port}`,
        `  User ${server.username}`,
        `  IdentityFile ${plainKey}`,
        'Host partner-again',
        `  HostName ${server.host}`,
        `  Port ${server.port}`,
        `  User ${server.username}`,
        `  IdentityFile ${plainKey}`,
        'Host locked',
        '  HostName locked.example',
        '  User someone',
        `  IdentityFile ${lockedKey}`,
        'Host not-chosen',
        '  HostName elsewhere.example',
        '',
      ].join('\n'),
    )
    const knownHosts = join(dir, 'known_hosts')
    writeFileSync(
      knownHosts,
      execFileSync('ssh-keyscan', ['-p', String(server.port), '-t', 'ed25519', server.host], {
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    )
    execFileSync('ssh-keygen', ['-H', '-f', knownHosts], { stdio: 'ignore' })

    const preview = await app.dispatch('sites:preview', { source: 'openssh', path: config })
    expect(preview).toMatchObject({
      ok: true,
      value: [
        { name: 'partner' },
        { name: 'partner-again' },
        { name: 'locked' },
        { name: 'not-chosen' },
      ],
    })

    const result = await app.dispatch('sites:import', {
      source: 'openssh',
      path: config,
      chosen: [0, 1, 2],
      knownHostsPath: knownHosts,
    })
    if (!result.ok) throw new Error(result.error.message)
    const { profiles, notes } = result.value as { profiles: Profile[]; notes: string[] }
    expect(profiles.map((profile) => profile.name)).toEqual(['partner', 'partner-again', 'locked'])
    expect(profiles[0]?.keyId).not.toBeNull()
    expect(profiles[1]?.keyId).toBe(profiles[0]?.keyId)
    expect(profiles[2]?.keyId).toBeNull()
    expect(notes).toEqual([
      expect.stringMatching(/^locked: the key .* is protected by a passphrase/),
    ])
    const keys = await app.dispatch('keys:list', {})
    expect(keys.ok && (keys.value as unknown[]).length).toBe(1)

    const partner = profiles[0]
    if (!partner) throw new Error('no profile')
    expect(await app.dispatch('session:open', { profileId: partner.id })).toMatchObject({
      ok: true,
    })
    expect(events.some((event) => event.name === 'hostkey:prompt')).toBe(false)
  })
})
