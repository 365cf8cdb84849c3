import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailroom, type Mailroom } from '../../src/main/core/app/create-mailroom'
import { silentLogger } from '../../src/main/core/logging/logger'
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store'
import type { KeyInfo, Profile } from '../../src/shared/domain'
import type { ApiEvent } from '../../src/shared/transport'
import { makeKey } from '../fixtures/key-files'
import { MemorySettings } from '../fixtures/memory-settings'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** Importing site files with their keys and hashed known_hosts, then logging in without a prompt. */
describe('importing sites', () => {
  let server: TestSshd
  let dir: string
  const apps: Mailroom[] = []

  beforeAll(async () => {
    server = await startSshd()
    dir = mkdtempSync(join(tmpdir(), 'mailroom-site-import-'))
  })
  afterAll(async () => {
    for (const app of apps) await app.shutdown()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A Mailroom of the test's own, so that each test counts only the keys it imported. */
  function newMailroom(name: string, events: ApiEvent[]): Mailroom {
    const app = createMailroom({
      dataDir: join(dir, name, 'data'),
      settings: new MemorySettings(),
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      platform: { transport: 'web', version: 'test' },
    })
    app.subscribe((event) => events.push(event))
    apps.push(app)
    return app
  }

  function scannedKnownHosts(path: string): string {
    writeFileSync(
      path,
      execFileSync('ssh-keyscan', ['-p', String(server.port), '-t', 'ed25519', server.host], {
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    )
    execFileSync('ssh-keygen', ['-H', '-f', path], { stdio: 'ignore' })
    return path
  }

  it('creates the chosen OpenSSH profiles, imports their keys once, trusts hashed known_hosts entries, and connects without asking', async () => {
    const events: ApiEvent[] = []
    const app = newMailroom('openssh', events)
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
    const knownHosts = scannedKnownHosts(join(dir, 'known_hosts'))

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

  it('imports a WinSCP site and its PuTTY key from folders named with non-ASCII letters, and connects with it', async () => {
    const events: ApiEvent[] = []
    const app = newMailroom('winscp', events)
    const keyFolder = join(dir, 'Users', 'anna', 'Nycklar för Kundtjänst')
    mkdirSync(keyFolder, { recursive: true })
    const key = makeKey(
      keyFolder,
      { tool: 'puttygen', type: 'ed25519', format: 'ppk-v3', encrypted: false },
      0,
    )
    server.authorize(readFileSync(key.path.replace(/\.ppk$/, '.pub'), 'utf8'))
    const ini = join(dir, 'WinSCP.ini')
    writeFileSync(
      ini,
      [
        '[Configuration\\Interface]',
        'RandomSeedFile=%25USERPROFILE%25%5CWinSCP.rnd',
        '',
        `[Sessions\\${winScpEscaped('Kunder/Amili Kundtjänst')}]`,
        `HostName=${server.host}`,
        `PortNumber=${server.port}`,
        `UserName=${winScpEscaped(server.username)}`,
        `PublicKeyFile=${winScpEscaped(key.path)}`,
        'FSProtocol=2',
        '',
        '[Sessions\\Default%20Settings]',
        `PublicKeyFile=${winScpEscaped(key.path)}`,
        '',
      ].join('\r\n'),
    )

    const preview = await app.dispatch('sites:preview', { source: 'winscp', path: ini })
    expect(preview).toEqual({
      ok: true,
      value: [
        {
          name: 'Amili Kundtjänst',
          group: 'Kunder',
          host: server.host,
          port: server.port,
          username: server.username,
          keyPath: key.path,
          auth: { method: 'key' },
        },
      ],
    })
    const result = await app.dispatch('sites:import', {
      source: 'winscp',
      path: ini,
      chosen: [0],
      knownHostsPath: scannedKnownHosts(join(dir, 'winscp_known_hosts')),
    })
    if (!result.ok) throw new Error(result.error.message)
    const { profiles, notes } = result.value as { profiles: Profile[]; notes: string[] }
    expect(notes).toEqual([])
    expect(profiles).toMatchObject([{ name: 'Amili Kundtjänst', group: 'Kunder' }])
    const keys = await app.dispatch('keys:list', {})
    if (!keys.ok) throw new Error(keys.error.message)
    expect(keys.value as KeyInfo[]).toMatchObject([
      { id: profiles[0]?.keyId, fingerprint: key.fingerprint },
    ])

    const site = profiles[0]
    if (!site) throw new Error('no profile')
    expect(await app.dispatch('session:open', { profileId: site.id })).toMatchObject({ ok: true })
    expect(events.some((event) => event.name === 'hostkey:prompt')).toBe(false)
  })
})

/**
 * A name or value as WinSCP writes it into WinSCP.ini (MungeStr in its
 * core/HierarchicalStorage.cpp): UTF-8 behind a byte-order mark when it has non-ASCII letters,
 * with every byte PuTTY's escape_registry_key escapes written as %XX ("*" too in names, which
 * these are not).
 */
function winScpEscaped(text: string): string {
  // WinSCP's own test: the UTF-8 is longer than the string.
  const bytes = Buffer.from(Buffer.byteLength(text) > text.length ? `\uFEFF${text}` : text)
  return [...bytes]
    .map((byte, index) =>
      byte < 0x20 ||
      byte > 0x7e ||
      ' \\?%'.includes(String.fromCharCode(byte)) ||
      (byte === 0x2e && index === 0)
        ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte),
    )
    .join('')
}
