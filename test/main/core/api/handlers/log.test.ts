import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Platform } from '../../../../../src/main/core/app/platform'
import { createMailroom, type Mailroom } from '../../../../../src/main/core/app/create-mailroom'
import { silentLogger } from '../../../../../src/main/core/logging/logger'
import { MemorySecretStore } from '../../../../../src/main/core/secrets/secret-store'
import type { KeyInfo, Profile } from '../../../../../src/shared/domain'
import type { SessionLogEntry } from '../../../../../src/shared/session-log'
import type { ApiEvent } from '../../../../../src/shared/transport'
import { valueOf } from '../../../../fixtures/connected-mailroom'
import { MemorySettings } from '../../../../fixtures/memory-settings'

const PASSPHRASE = 'tr0ub4dor&3-never-in-a-log'

describe('the session log through dispatch', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-log-handlers-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }
  const start = (platform: Platform = { transport: 'web', version: 'test' }) => {
    const app = createMailroom({
      dataDir: folder(),
      settings: new MemorySettings(),
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      platform,
    })
    const events: ApiEvent[] = []
    app.subscribe((event) => events.push(event))
    cleanups.push(() => app.shutdown())
    return { app, events }
  }
  const profileOn = async (app: Mailroom, name: string, keyId: string | null, port = 1) =>
    valueOf<Profile>(
      await app.dispatch('profiles:save', {
        profile: {
          name,
          preset: 'generic',
          group: '',
          host: '127.0.0.1',
          port,
          username: 'someone',
          keyId,
        },
      }),
    )
  const list = async (app: Mailroom, input: Record<string, unknown> = {}) =>
    valueOf<SessionLogEntry[]>(await app.dispatch('log:list', input))

  it('records a failed connect under its profile, and filters by profile', async () => {
    const { app, events } = start()
    const key = valueOf<KeyInfo>(
      await app.dispatch('keys:generate', { comment: 'test', rememberPassphrase: false }),
    )
    // Port 1 on the loopback: nothing listens, so the connection is refused at once.
    const first = await profileOn(app, 'First', key.id)
    const second = await profileOn(app, 'Second', key.id)
    expect(await app.dispatch('session:open', { profileId: first.id })).toMatchObject({ ok: false })
    expect(await app.dispatch('session:open', { profileId: second.id })).toMatchObject({
      ok: false,
    })

    const all = await list(app)
    expect(all.map((entry) => [entry.profileName, entry.category, entry.level])).toEqual([
      ['First', 'connection', 'info'],
      ['First', 'connection', 'error'],
      ['Second', 'connection', 'info'],
      ['Second', 'connection', 'error'],
    ])
    expect(all[0]?.message).toBe('Connecting to 127.0.0.1 port 1 as someone')
    expect(all[1]?.message).toMatch(/^Could not connect: /)
    const onlySecond = await list(app, { profileId: second.id })
    expect(onlySecond.map((entry) => entry.profileId)).toEqual([second.id, second.id])
    expect((await list(app, { limit: 1 })).map((entry) => entry.id)).toEqual([all[3]?.id])
    // Each stored entry also went out as an event, as the contract names it.
    await expect.poll(() => events.filter((event) => event.name === 'log:entry').length).toBe(4)
  })

  it('refuses a list request the contract does not allow', async () => {
    const { app } = start()
    expect(await app.dispatch('log:list', { limit: 0 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    })
    expect(await app.dispatch('log:list', { profileId: '../etc' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    })
  })

  it('keeps passphrases out of every entry and out of the saved file', async () => {
    const { app, events } = start()
    const key = valueOf<KeyInfo>(
      await app.dispatch('keys:generate', {
        comment: 'protected',
        passphrase: PASSPHRASE,
        rememberPassphrase: false,
      }),
    )
    const profile = await profileOn(app, 'Protected', key.id)
    // A wrong passphrase (which contains the right one), and none at all.
    const wrong = `${PASSPHRASE}-typo`
    expect(
      await app.dispatch('session:open', { profileId: profile.id, passphrase: wrong }),
    ).toMatchObject({ ok: false, error: { kind: 'bad-passphrase' } })
    expect(await app.dispatch('session:open', { profileId: profile.id })).toMatchObject({
      ok: false,
      error: { kind: 'passphrase-needed' },
    })
    expect(
      await app.dispatch('keys:remember-passphrase', { keyId: key.id, passphrase: wrong }),
    ).toMatchObject({ ok: false, error: { kind: 'bad-passphrase' } })
    const target = join(folder(), 'export.key')
    expect(
      await app.dispatch('keys:export-private', {
        keyId: key.id,
        format: 'openssh',
        path: target,
        passphrase: wrong,
        exportPassphrase: PASSPHRASE,
      }),
    ).toMatchObject({ ok: false })

    const entries = await list(app)
    expect(entries.map((entry) => `${entry.category} ${entry.level}`)).toEqual([
      'connection info',
      'authentication error',
      'connection info',
      'authentication warn',
      'error error',
      'error error',
    ])
    const saved = join(folder(), 'support.log')
    expect(valueOf(await app.dispatch('log:save', { path: saved }))).toBe(saved)
    const text = readFileSync(saved, 'utf8')
    expect(text).toContain('Login failed: ')
    for (const where of [JSON.stringify(entries), text, JSON.stringify(events)])
      expect(where).not.toContain(PASSPHRASE)
  })

  it('saves the log as text to a typed path, for one profile or all, and never replaces a file', async () => {
    const { app } = start()
    const one = await profileOn(app, 'One', null)
    const two = await profileOn(app, 'Two', null)
    // A profile with no key fails before connecting: one line each, under its name.
    await app.dispatch('session:open', { profileId: one.id })
    await app.dispatch('session:open', { profileId: two.id })
    const dir = folder()

    const all = join(dir, 'all.txt')
    expect(valueOf(await app.dispatch('log:save', { path: all }))).toBe(all)
    const text = readFileSync(all, 'utf8')
    expect(text).toMatch(/^# Mailroom session log\n# Mailroom test \(web\)\n/)
    expect(text).toContain('# All profiles')
    expect(text).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z INFO {2}connection {5}\[One\] Connecting to/)
    expect(text).toContain('[Two] Login failed: The profile "Two" has no key yet.')

    const onlyTwo = join(dir, 'two.txt')
    await app.dispatch('log:save', { profileId: two.id, path: onlyTwo })
    const twoText = readFileSync(onlyTwo, 'utf8')
    expect(twoText).toContain('# Profile: Two')
    expect(twoText).not.toContain('[One]')

    writeFileSync(join(dir, 'taken.txt'), 'keep me')
    expect(await app.dispatch('log:save', { path: join(dir, 'taken.txt') })).toMatchObject({
      ok: false,
      error: { kind: 'already-exists' },
    })
    expect(readFileSync(join(dir, 'taken.txt'), 'utf8')).toBe('keep me')
    expect(await app.dispatch('log:save', { path: 'relative.txt' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    })
    expect(existsSync('relative.txt')).toBe(false)
    // The web UI has no save dialog: without a path it says what to do instead.
    expect(await app.dispatch('log:save', {})).toMatchObject({
      ok: false,
      error: { kind: 'not-supported' },
    })
  })

  it('asks the native save dialog when no path is given, and writes nothing when cancelled', async () => {
    const dir = folder()
    const answers: Array<string | null> = [join(dir, 'chosen.txt'), null]
    const asked: string[] = []
    const { app } = start({
      transport: 'electron',
      version: '9.9.9',
      chooseSaveFile: async (title, defaultName) => {
        asked.push(`${title}|${defaultName}`)
        return answers.shift() ?? null
      },
    })
    const profile = await profileOn(app, 'Native', null)
    await app.dispatch('session:open', { profileId: profile.id })
    expect(valueOf(await app.dispatch('log:save', {}))).toBe(join(dir, 'chosen.txt'))
    expect(readFileSync(join(dir, 'chosen.txt'), 'utf8')).toContain('[Native] Login failed')
    expect(asked[0]).toMatch(/^Save session log\|mailroom-log-\d{4}-\d\d-\d\d\.txt$/)
    expect(valueOf(await app.dispatch('log:save', {}))).toBeNull()
  })
})
