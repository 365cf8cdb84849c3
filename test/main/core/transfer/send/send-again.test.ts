import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProfileLocks } from '../../../../../src/main/core/locks/profile-locks'
import { ProfileRuns } from '../../../../../src/main/core/locks/profile-runs'
import { MailroomStore } from '../../../../../src/main/core/store/mailroom-store'
import { sendAgainJob } from '../../../../../src/main/core/transfer/send/send-again'
import { SendJournal } from '../../../../../src/main/core/transfer/send/send-journal'
import { SentLog } from '../../../../../src/main/core/transfer/sent-log'
import type { ProfileInput } from '../../../../../src/shared/domain'
import { holdInAnotherProcess } from '../../../../fixtures/lock-in-another-process'
import { at, MemorySftpServer } from '../../../../fixtures/memory-sftp-session'
import { memorySessions } from '../../../../fixtures/memory-sessions'
import { recordedQueue } from '../../../../fixtures/recorded-queue'
import { testKeyring } from '../../pgp/pgp-test-keyring'

describe('sendAgainJob', () => {
  let folder: string
  let server: MemorySftpServer
  const cleanups: Array<() => void> = []
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-send-again-'))
    server = new MemorySftpServer()
  })
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
    rmSync(folder, { recursive: true, force: true })
  })

  const setup = async (profile: Partial<ProfileInput> = { preset: 'amili', username: '1234' }) => {
    const sessions = await memorySessions(server, { profile })
    cleanups.push(sessions.cleanup)
    await sessions.manager.open(sessions.profile.id)
    const recorded = recordedQueue()
    const store = MailroomStore.open(':memory:')
    const journal = new SendJournal(store)
    const sentLog = new SentLog(store)
    const deps = {
      queue: recorded.queue,
      sessions: sessions.manager,
      sentLog,
      journal,
      runs: new ProfileRuns(new ProfileLocks(join(folder, 'locks'), 'send')),
      by: 'the test',
    }
    const local = (name: string) => {
      const path = join(folder, name)
      writeFileSync(path, Buffer.alloc(1000, 7))
      return path
    }
    return { ...recorded, deps, journal, sentLog, local, profile: sessions.profile }
  }

  it('removes its own partial copy, as recovery found it, then sends the file whole', async () => {
    const { deps, profile, run, local, journal, sentLog } = await setup()
    const partial = server.tree.addFile('input/a.xml', Buffer.alloc(300))
    const transfer = await run(
      sendAgainJob(deps, profile, {
        kind: 'file',
        localPath: local('a.xml'),
        remotePath: at('input/a.xml'),
        removeFirst: { path: at('input/a.xml'), found: partial.stat() },
      }),
    )
    expect(transfer.state).toBe('done')
    expect(server.tree.content('input/a.xml')?.length).toBe(1000)
    expect(journal.unfinished(profile.id)).toEqual([])
    expect([...sentLog.namesSince(profile.id, 'input', 60_000)]).toEqual(['a.xml'])
  })

  it('leaves a file that is no longer the copy recovery found, and sends nothing over it', async () => {
    const { deps, profile, run, local } = await setup()
    const partial = server.tree.addFile('input/a.xml', Buffer.alloc(300))
    const found = partial.stat()
    server.tree.addFile('input/a.xml', Buffer.alloc(5000))
    const transfer = await run(
      sendAgainJob(deps, profile, {
        kind: 'file',
        localPath: local('a.xml'),
        remotePath: at('input/a.xml'),
        removeFirst: { path: at('input/a.xml'), found },
      }),
    )
    expect(transfer).toMatchObject({ state: 'failed', error: { kind: 'already-exists' } })
    expect(server.tree.content('input/a.xml')?.length).toBe(5000)
  })

  it('sends an AS2 message again whole, as a new message folder, journaled under it', async () => {
    server.tree.addFolder('outbox')
    const { deps, profile, run, local, journal } = await setup({
      preset: 'as2-gateway',
      port: 9193,
    })
    const transfer = await run(
      sendAgainJob(deps, profile, {
        kind: 'message',
        outbox: at('outbox'),
        files: [
          { localPath: local('a.xml'), name: 'a.xml' },
          { localPath: local('b.xml'), name: 'b.xml' },
        ],
      }),
      { totalBytes: 2000 },
    )
    expect(transfer.state).toBe('done')
    const [made] = server.sent('mkdir')
    expect(made?.path).toMatch(/^outbox\/\d{14}-[0-9a-f]{6}$/)
    expect(server.tree.entries(made?.path ?? '').map(([name]) => name)).toEqual(['a.xml', 'b.xml'])
    expect(journal.ofMessage(profile.id, made?.path ?? '').map((row) => row.status)).toEqual([
      'sent',
      'sent',
    ])
  })

  it('refuses an encrypted AS2 message whose armored copies would pass 10 MB, though its originals do not', async () => {
    server.tree.addFolder('outbox')
    const { deps, profile, run } = await setup({ preset: 'as2-gateway', port: 9193 })
    const { keyring } = testKeyring()
    const partner = await keyring.generate({ name: 'Partner', email: 'p@theirs.test' })
    const encryption = { keyring, folder: join(folder, 'pgp-outgoing') }
    // 8 MiB of originals is 8.4 MB; armored, a third more: beyond the gateway's 10 MB.
    const files = ['a.bin', 'b.bin'].map((name) => {
      const path = join(folder, name)
      writeFileSync(path, Buffer.alloc(4 * 1024 * 1024, 1))
      const pgp = { recipients: [partner.fingerprint], armored: true }
      return { localPath: path, name: `${name}.asc`, encrypted: { sourcePath: path, pgp } }
    })
    const transfer = await run(
      sendAgainJob({ ...deps, encryption }, profile, {
        kind: 'message',
        outbox: at('outbox'),
        files,
      }),
    )
    expect(transfer).toMatchObject({
      state: 'failed',
      error: { message: expect.stringContaining('at most 10 MB') },
    })
    expect(server.sent('mkdir')).toEqual([])
  })

  it('fails, saying who, while another process sends for the profile', async () => {
    const { deps, profile, run, local } = await setup()
    const holder = holdInAnotherProcess(join(folder, 'locks'), profile.id, 'send')
    try {
      expect(await holder.held).toBe('HELD')
      const transfer = await run(
        sendAgainJob(deps, profile, {
          kind: 'file',
          localPath: local('a.xml'),
          remotePath: at('input/a.xml'),
        }),
      )
      expect(transfer.error?.message).toContain('Another send of this profile is running')
      expect(server.tree.exists('input/a.xml')).toBe(false)
    } finally {
      await holder.kill()
    }
  })
})
