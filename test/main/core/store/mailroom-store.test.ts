import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { createMailroom } from '../../../../src/main/core/app/create-mailroom'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { SETTINGS_SCHEMA_VERSION } from '../../../../src/main/core/settings/settings-file'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import { SCHEMA_VERSION } from '../../../../src/main/core/store/migrations'
import { SentLog } from '../../../../src/main/core/transfer/sent-log'
import { MemorySettings } from '../../../fixtures/memory-settings'

const HOUR = 60 * 60 * 1000
// MFT Gateway's duplicate window (shared/presets.ts).
const WINDOW = 6 * HOUR

describe('MailroomStore', () => {
  const dirs: string[] = []
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-store-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  /** A settings file as Mailroom wrote it at schema 2, with its sent log inside. */
  const schema2Settings = (sentLog: unknown[]) => {
    const settings = new MemorySettings()
    settings.set('schemaVersion', 2)
    settings.set('profiles', [])
    settings.set('knownHosts', [])
    settings.set('keys', [])
    settings.set('settings', { pickupFolder: '', pickupFolders: {} })
    settings.set('sentLog', sentLog)
    return settings
  }
  const listed = (id: string, remotePath: string, at: number) => ({
    step: 'listed' as const,
    id,
    profileId: 'p1',
    remotePath,
    size: 10,
    modifiedAt: 1_000,
    localFolder: '/in',
    at,
  })
  const open = (dir: string, settings: MemorySettings) =>
    createMailroom({
      dataDir: dir,
      settings,
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      platform: { transport: 'web', version: 'test' },
    })

  it("takes in a schema-2 settings file's sent log, losing nothing, and empties the file of it", async () => {
    const now = Date.now()
    const records = Array.from({ length: 3_000 }, (_, index) => ({
      profileId: `p${index % 3}`,
      folder: 'AS2/send/A/B',
      name: `INVOICE-${index}.xml`,
      sentAt: now - index * 1000,
    }))
    const settings = schema2Settings([...records, { name: 'damaged' }])
    const dir = dataDir()
    await (await open(dir, settings)).shutdown()

    expect(settings.get('schemaVersion')).toBe(SETTINGS_SCHEMA_VERSION)
    expect(settings.get('sentLog')).toBeUndefined()
    const store = MailroomStore.open(join(dir, 'mailroom.db'))
    expect(store.sentFiles.size()).toBe(records.length)
    const log = new SentLog(store)
    expect(
      log.recent('p1', 'AS2/send/A/B', ['INVOICE-1.xml', 'INVOICE-0.xml'], WINDOW, now),
    ).toEqual([expect.objectContaining({ name: 'INVOICE-1.xml', sentAt: now - 1000 })])
    store.close()

    // Opened again: nothing taken in twice.
    await (await open(dir, settings)).shutdown()
    const again = MailroomStore.open(join(dir, 'mailroom.db'))
    expect(again.sentFiles.size()).toBe(records.length)
    again.close()
  })

  it('does not take the sent log in twice after a crash between the database and the settings file', () => {
    const dir = dataDir()
    const records = [{ profileId: 'p', folder: 'in', name: 'a.xml', sentAt: Date.now() }]
    // The database took the log in, and the process died before the settings file was migrated.
    MailroomStore.open(join(dir, 'mailroom.db'), { sentLog: records }).close()
    const settings = schema2Settings(records)
    return open(dir, settings)
      .shutdown()
      .then(() => {
        const store = MailroomStore.open(join(dir, 'mailroom.db'))
        expect(store.sentFiles.size()).toBe(1)
        expect(settings.get('sentLog')).toBeUndefined()
        store.close()
      })
  })

  it('refuses a database written by a newer Mailroom, leaving it as it is', () => {
    const path = join(dataDir(), 'mailroom.db')
    const db = new DatabaseSync(path)
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => MailroomStore.open(path)).toThrow(/newer version of Mailroom/)
    const after = new DatabaseSync(path)
    expect(after.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION + 1 })
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([])
    after.close()
  })

  it('keeps what each table holds across a restart, and lets two stores share the file', () => {
    const path = join(dataDir(), 'mailroom.db')
    const app = MailroomStore.open(path)
    app.sentFiles.record([{ profileId: 'p', folder: 'in', name: 'a.xml', sentAt: 5 }], 0)
    app.pickupFiles.apply([listed('x', 'pickup/x.xml', 1)])
    // The command line beside the app: a second store on the same file sees what the first wrote.
    const command = MailroomStore.open(path)
    command.sessionLog.append([{ at: 'now', level: 'info', category: 'cli', message: 'hello' }], 10)
    expect(command.pickupFiles.unfinished('p1').map((row) => row.id)).toEqual(['x'])
    expect(app.sessionLog.list({ limit: 10 }).map((row) => row.message)).toEqual(['hello'])
    app.close()
    command.close()
    // Closing twice (a shutdown after a failed start) is harmless.
    command.close()
    const again = MailroomStore.open(path)
    expect(again.sentFiles.sentSince('p', 'in', 0)).toEqual(new Map([['a.xml', 5]]))
    expect(again.pickupFiles.unfinished('p1')).toHaveLength(1)
    expect(again.sessionLog.list({ limit: 10 })).toHaveLength(1)
    again.close()
  })

  it('says which file it could not open', () => {
    // A folder where a file is: the database cannot be made there.
    const dir = dataDir()
    writeFileSync(join(dir, 'data'), 'not a folder')
    const path = join(dir, 'data', 'mailroom.db')
    expect(() => MailroomStore.open(path)).toThrow(
      expect.objectContaining({
        kind: 'local-io',
        message: expect.stringContaining(`Could not open Mailroom's database ${path}`),
      }),
    )
  })
})
