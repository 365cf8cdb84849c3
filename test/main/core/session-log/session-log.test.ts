import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProfileId } from '../../../../src/shared/domain'
import type { SessionLogEntry } from '../../../../src/shared/session-log'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { SessionLog } from '../../../../src/main/core/session-log/session-log'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'

const ALPHA = 'alpha-profile-1' as ProfileId
const BETA = 'beta-profile-22' as ProfileId

describe('SessionLog', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  })
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-session-log-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }
  const open = (dir: string, options: { keep?: number; stored?: SessionLogEntry[] } = {}) => {
    const store = MailroomStore.open(join(dir, 'mailroom.db'))
    const log = new SessionLog(store.sessionLog, {
      logger: silentLogger,
      ...(options.keep ? { keep: options.keep } : {}),
      onStored: (entry) => options.stored?.push(entry),
      profileNames: () =>
        new Map([
          [ALPHA, 'Alpha'],
          [BETA, 'Beta'],
        ]),
    })
    cleanups.push(() => {
      log.close()
      store.close()
    })
    return { store, log }
  }

  it('keeps entries in the order they happened, with increasing ids and ISO times', () => {
    const { log } = open(dataDir())
    for (const message of ['first', 'second', 'third'])
      log.record({ level: 'info', category: 'connection', profileId: ALPHA, message })
    const entries = log.list()
    expect(entries.map((entry) => entry.message)).toEqual(['first', 'second', 'third'])
    expect(entries.map((entry) => entry.id)).toEqual(
      [...entries.map((entry) => entry.id)].sort((a, b) => a - b),
    )
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(3)
    for (const entry of entries) expect(new Date(entry.at).toISOString()).toBe(entry.at)
    expect(entries[0]).toMatchObject({ profileId: ALPHA, profileName: 'Alpha', level: 'info' })
  })

  it('stores entries together after a short wait and tells of each once stored', async () => {
    const stored: SessionLogEntry[] = []
    const { log } = open(dataDir(), { stored })
    log.record({ level: 'info', category: 'transfer', message: 'one' })
    log.record({ level: 'warn', category: 'transfer', message: 'two' })
    expect(stored).toHaveLength(0)
    await expect.poll(() => stored.map((entry) => entry.message)).toEqual(['one', 'two'])
    expect(stored[0]?.id).toBeGreaterThan(0)
  })

  it('keeps only the last entries once past its bound', () => {
    const { log } = open(dataDir(), { keep: 50 })
    for (let index = 0; index < 120; index += 1) {
      log.record({ level: 'info', category: 'transfer', message: `entry ${index}` })
      if (index % 7 === 0) log.flush()
    }
    const entries = log.list({ limit: 1_000 })
    expect(entries).toHaveLength(50)
    expect(entries[0]?.message).toBe('entry 70')
    expect(entries.at(-1)?.message).toBe('entry 119')
  })

  it('filters by profile and pages back with before and limit', () => {
    const { log } = open(dataDir())
    for (let index = 0; index < 10; index += 1)
      log.record({
        level: 'info',
        category: 'transfer',
        profileId: index % 2 === 0 ? ALPHA : BETA,
        message: `entry ${index}`,
      })
    log.record({ level: 'info', category: 'command', message: 'no profile' })
    const alpha = log.list({ profileId: ALPHA })
    expect(alpha.map((entry) => entry.message)).toEqual([
      'entry 0',
      'entry 2',
      'entry 4',
      'entry 6',
      'entry 8',
    ])
    const lastTwo = log.list({ profileId: BETA, limit: 2 })
    expect(lastTwo.map((entry) => entry.message)).toEqual(['entry 7', 'entry 9'])
    const before = log.list({ profileId: BETA, limit: 2, before: lastTwo[0]?.id ?? 0 })
    expect(before.map((entry) => entry.message)).toEqual(['entry 3', 'entry 5'])
    expect(log.list({ limit: 1 }).map((entry) => entry.message)).toEqual(['no profile'])
  })

  it('never keeps a passphrase, a token or key material, in messages or details', () => {
    const { log } = open(dataDir())
    const passphrase = 'correct horse battery staple'
    const privateKey =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'
    log.record({
      level: 'error',
      category: 'authentication',
      profileId: ALPHA,
      message: `Could not read the key: ${privateKey}`,
      details: { passphrase, token: 'tok-123456', keyPassphrase: passphrase, host: 'example' },
    })
    const [entry] = log.list()
    const text = JSON.stringify(entry)
    expect(text).not.toContain(passphrase)
    expect(text).not.toContain('tok-123456')
    expect(text).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA')
    expect(entry?.message).toContain('[private key redacted]')
    expect(entry?.details).toMatchObject({ passphrase: '[redacted]', host: 'example' })
  })

  it('is still there after a restart, with a second writer (the command) in the same database', () => {
    const dir = dataDir()
    const app = open(dir)
    app.log.record({ level: 'info', category: 'connection', profileId: ALPHA, message: 'app run' })
    app.log.flush()
    // The command opens the same database while the app runs.
    const command = open(dir)
    command.log.record({ level: 'info', category: 'command', message: 'command run' })
    command.log.close()
    command.store.close()
    expect(app.log.list().map((entry) => entry.message)).toEqual(['app run', 'command run'])
    app.log.close()
    app.store.close()

    const again = open(dir)
    expect(again.log.list().map((entry) => entry.message)).toEqual(['app run', 'command run'])
  })

  it('stays quick when full: a pickup of 3,000 files stored, and a page read, in a 100,000-entry log', () => {
    const { log } = open(dataDir())
    for (let batch = 0; batch < 20; batch += 1) {
      for (let index = 0; index < 5_000; index += 1)
        log.record({
          level: 'info',
          category: 'transfer',
          profileId: index % 3 === 0 ? ALPHA : BETA,
          message: `Picked up file-${batch}-${index}.edi (2.0 KB) in 12 ms`,
          details: { remotePath: `pickup/file-${batch}-${index}.edi`, size: 2048 },
        })
      log.flush()
    }
    // Two lines a file, as the recorder writes them, stored as its flushes would.
    let started = performance.now()
    for (let flush = 0; flush < 30; flush += 1) {
      for (let index = 0; index < 200; index += 1)
        log.record({
          level: 'info',
          category: 'transfer',
          profileId: ALPHA,
          message: `more ${index}`,
        })
      log.flush()
    }
    const storeMs = performance.now() - started
    started = performance.now()
    const page = log.list({ profileId: BETA, limit: 2_000 })
    const listMs = performance.now() - started
    console.log(
      `session log: 6,000 entries stored in ${storeMs.toFixed(0)} ms (30 commits), a page of 2,000 of one profile read in ${listMs.toFixed(1)} ms, from a full log`,
    )
    expect(page).toHaveLength(2_000)
    expect(log.list({ limit: 1 })[0]?.message).toBe('more 199')
    expect(storeMs).toBeLessThan(3_000)
    expect(listMs).toBeLessThan(500)
  })

  it('drops what is recorded after it is closed instead of writing to a closed database', () => {
    const { log, store } = open(dataDir())
    log.record({ level: 'info', category: 'connection', message: 'before' })
    log.close()
    log.record({ level: 'info', category: 'connection', message: 'after' })
    log.flush()
    const reopened = new SessionLog(store.sessionLog, { logger: silentLogger })
    expect(reopened.list().map((entry) => entry.message)).toEqual(['before'])
  })
})
