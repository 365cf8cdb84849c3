import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startFileServer, type FileServer } from '../../../../src/demo/sftp-file-server'
import { createMailroom, type MailroomOptions } from '../../../../src/main/core/app/create-mailroom'
import { generateEd25519KeyFile } from '../../../../src/main/core/keys/generate-key'
import { silentLogger, type Logger } from '../../../../src/main/core/logging/logger'
import { PickupJournal } from '../../../../src/main/core/pickup/pickup-journal'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import type { KeyInfo, Profile, Transfer } from '../../../../src/shared/domain'
import type { ApiEvent } from '../../../../src/shared/transport'
import { valueOf } from '../../../fixtures/connected-mailroom'
import { holdInAnotherProcess } from '../../../fixtures/lock-in-another-process'
import { MemorySettings } from '../../../fixtures/memory-settings'

/** Waits for `check` to hold, polling: events arrive on the server's schedule, not ours. */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('createMailroom', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  const folder = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }
  const start = (dataDir: string, options: Partial<MailroomOptions> = {}) =>
    createMailroom({
      dataDir,
      settings: new MemorySettings(),
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      platform: { transport: 'web', version: 'test' },
      ...options,
    })

  describe("Mailroom 0.1's pickup journal file", () => {
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

    it('is taken into the database, losing nothing, once, and set aside', async () => {
      const dir = folder('mailroom-create-')
      const file = join(dir, 'pickup-journal.jsonl')
      const lines = [
        listed('a', 'pickup/a.xml', 1),
        { step: 'verified', id: 'a', sha256: 'aa', at: 2 },
        { step: 'saved', id: 'a', localPath: '/in/a.xml', sha256: 'aa', at: 3 },
        { step: 'deleted', id: 'a', at: 4 },
        listed('b', 'pickup/b.xml', 5),
        { step: 'saved', id: 'b', localPath: '/in/b.xml', sha256: 'bb', at: 6 },
        listed('c', 'pickup/c.xml', 7),
      ]
      // The last line torn by a crash mid-write, as the old file could be.
      writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{"step":"ver`)
      await start(dir).shutdown()

      expect(existsSync(file)).toBe(false)
      expect(readFileSync(`${file}.migrated`, 'utf8')).toContain('"id":"c"')
      const store = MailroomStore.open(join(dir, 'mailroom.db'))
      cleanups.push(() => store.close())
      const journal = new PickupJournal(store)
      expect((await journal.history()).map((record) => [record.localPath, record.status])).toEqual([
        ['/in/b.xml', 'saved'],
        ['/in/a.xml', 'deleted'],
      ])
      expect((await journal.unfinished('p1')).map((record) => record.id)).toEqual(['b', 'c'])
      expect((await journal.pickedUp('p1')).map((record) => record.id)).toEqual(['b'])
      expect((await journal.findSaved('/in/a.xml'))?.sha256).toBe('aa')

      // A journal file that reappears (a copy put back) is not taken in a second time.
      writeFileSync(file, `${JSON.stringify(listed('d', 'pickup/d.xml', 8))}\n`)
      await start(dir).shutdown()
      expect((await journal.unfinished('p1')).map((record) => record.id)).toEqual(['b', 'c'])
    })

    it('does not stop Mailroom starting when it cannot be set aside, and is still taken in once', async () => {
      const dir = folder('mailroom-create-')
      const file = join(dir, 'pickup-journal.jsonl')
      writeFileSync(file, `${JSON.stringify(listed('a', 'pickup/a.xml', 1))}\n`)
      // A folder where the set-aside name would go: the rename fails.
      mkdirSync(join(`${file}.migrated`, 'in the way'), { recursive: true })
      const warnings: Array<[string, Record<string, unknown> | undefined]> = []
      const logger: Logger = {
        ...silentLogger,
        warn: (message, context) => warnings.push([message, context]),
      }

      const app = start(dir, { logger })
      expect(valueOf(await app.dispatch('profiles:list', {}))).toEqual([])
      await app.shutdown()
      await start(dir).shutdown()

      expect(warnings).toEqual([
        [
          'The old pickup journal could not be set aside',
          {
            path: file,
            error: expect.stringContaining('Could not set the old pickup journal aside'),
          },
        ],
      ])
      const store = MailroomStore.open(join(dir, 'mailroom.db'))
      cleanups.push(() => store.close())
      const journal = new PickupJournal(store)
      expect((await journal.unfinished('p1')).map((record) => record.id)).toEqual(['a'])
      expect(existsSync(file)).toBe(true)
    })
  })

  it("exposes the pickup runs, on the data folder's locks the command shares", async () => {
    const dir = folder('mailroom-create-')
    const app = start(dir)
    cleanups.push(() => app.shutdown())
    const profile = valueOf<Profile>(
      await app.dispatch('profiles:save', {
        profile: {
          name: 'Locked',
          preset: 'generic',
          group: '',
          host: '127.0.0.1',
          port: 22,
          username: 'someone',
          keyId: null,
        },
      }),
    )
    const other = holdInAnotherProcess(join(dir, 'locks'), profile.id)
    cleanups.push(() => other.kill())
    expect(await other.held).toBe('HELD')

    expect(app.pickupRuns.begin(profile.id, 'the mailroom command')).toBeUndefined()
    // The app's own pickup meets the same lock, before it tries to connect.
    expect(
      await app.dispatch('transfer:pickup', {
        profileId: profile.id,
        remotePaths: ['a.xml'],
        localFolder: folder('mailroom-create-in-'),
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'already-exists', message: expect.stringContaining('the test child') },
    })

    await other.kill()
    const run = app.pickupRuns.begin(profile.id, 'the mailroom command')
    expect(run).toBeDefined()
    run?.end()
  })

  describe('with a server', () => {
    const MiB = 1024 * 1024

    /**
     * An SFTP server in this process whose link takes 16 s over the 1 MiB file; the profile asks
     * one read at a time (conservative), so a cancel waits for one read only.
     */
    const slowServer = async () => {
      const dir = folder('mailroom-create-server-')
      const key = generateEd25519KeyFile('create-mailroom test')
      const keyPath = join(dir, 'id_ed25519')
      writeFileSync(keyPath, key.privateKey, { mode: 0o600 })
      const root = join(dir, 'root')
      mkdirSync(join(root, 'pickup'), { recursive: true })
      const big = join(root, 'pickup', 'big.bin')
      writeFileSync(big, Buffer.alloc(MiB, 7))
      // Old enough to be picked up (a Generic profile waits for a minute's quiet).
      const hourAgo = new Date(Date.now() - 60 * 60 * 1000)
      utimesSync(big, hourAgo, hourAgo)
      const server: FileServer = await startFileServer(
        [
          {
            username: 'someone',
            root,
            authorizedKeys: () => [key.publicKey],
            refuseSetstat: false,
          },
        ],
        {},
        { faults: { bytesPerSecond: 64 * 1024 } },
      )
      cleanups.push(() => server.stop())
      return { port: server.port, keyPath }
    }

    it('brings events to each subscriber, and shutdown cancels the running transfer, closes the session, and writes and closes the log and the database', async () => {
      const { port, keyPath } = await slowServer()
      const dataDir = folder('mailroom-create-')
      const app = start(dataDir)
      let shutDown = false
      // Shut down here only if the test failed before it did.
      cleanups.push(() => (shutDown ? undefined : app.shutdown()))
      const events: ApiEvent[] = []
      app.subscribe((event) => {
        events.push(event)
        if (event.name === 'hostkey:prompt')
          void app.dispatch('hostkey:answer', { promptId: event.payload.promptId, trust: true })
      })
      const early: string[] = []
      const stopEarly = app.subscribe((event) => early.push(event.name))

      const key = valueOf<KeyInfo>(
        await app.dispatch('keys:import', {
          source: { kind: 'path', path: keyPath },
          rememberPassphrase: false,
        }),
      )
      const profile = valueOf<Profile>(
        await app.dispatch('profiles:save', {
          profile: {
            name: 'Slow server',
            preset: 'generic',
            group: '',
            host: '127.0.0.1',
            port,
            username: 'someone',
            keyId: key.id,
            conservative: true,
          },
        }),
      )
      valueOf(await app.dispatch('session:open', { profileId: profile.id }))
      expect(early).toContain('hostkey:prompt')
      stopEarly()
      const heardEarly = early.length

      const { transferIds } = valueOf<{ transferIds: string[] }>(
        await app.dispatch('transfer:pickup', {
          profileId: profile.id,
          remotePaths: ['pickup/big.bin'],
          localFolder: folder('mailroom-create-in-'),
          keepOnServer: true,
        }),
      )
      expect(transferIds).toHaveLength(1)
      const updates = () =>
        events.flatMap((event) =>
          event.name === 'transfer:update' && event.payload.id === transferIds[0]
            ? [event.payload as Transfer]
            : [],
        )
      await until(
        () => updates().some((update) => update.state === 'running' && update.transferredBytes > 0),
        'the pickup to be under way',
      )

      await app.shutdown()
      shutDown = true

      // Cancelled, and finished before shutdown returned, well short of the whole file.
      const last = updates().at(-1)
      expect(last).toMatchObject({ state: 'cancelled', finishedAt: expect.any(Number) })
      expect(last?.transferredBytes).toBeLessThan(MiB)
      await until(
        () =>
          events.some(
            (event) => event.name === 'session:closed' && event.payload.profileId === profile.id,
          ),
        'the session to close',
      )
      // The listener that left heard nothing more, while the other heard the rest.
      expect(early).toHaveLength(heardEarly)
      expect(events.some((event) => event.name === 'log:entry')).toBe(true)
      // The database was closed: SQLite folds its write-ahead log back in when the last
      // connection closes, and only then.
      expect(existsSync(join(dataDir, 'mailroom.db'))).toBe(true)
      expect(existsSync(join(dataDir, 'mailroom.db-wal'))).toBe(false)
      // The session log wrote what was waiting, to the end: the cancelled pickup too.
      const store = MailroomStore.open(join(dataDir, 'mailroom.db'))
      cleanups.push(() => store.close())
      const messages = store.sessionLog.list({ limit: 100 }).map((entry) => entry.message)
      expect(messages).toEqual(
        expect.arrayContaining([
          `Connecting to 127.0.0.1 port ${port} as someone`,
          expect.stringMatching(/^Picking up big\.bin/),
          'Picking up big.bin cancelled',
        ]),
      )
    })
  })
})
