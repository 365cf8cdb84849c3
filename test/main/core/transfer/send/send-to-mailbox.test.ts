import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ProfileLocks } from '../../../../../src/main/core/locks/profile-locks'
import { ProfileRuns } from '../../../../../src/main/core/locks/profile-runs'
import { MailroomStore } from '../../../../../src/main/core/store/mailroom-store'
import type { SendEncryption } from '../../../../../src/main/core/transfer/send/encrypted-copies'
import { SendJournal } from '../../../../../src/main/core/transfer/send/send-journal'
import { sendToMailbox } from '../../../../../src/main/core/transfer/send/send-to-mailbox'
import { SentLog } from '../../../../../src/main/core/transfer/sent-log'
import type { ProfileInput, TransferId } from '../../../../../src/shared/domain'
import type { RemotePath } from '../../../../../src/shared/remote-path'
import { at, MemorySftpServer } from '../../../../fixtures/memory-sftp-session'
import { memorySessions } from '../../../../fixtures/memory-sessions'
import { recordedQueue } from '../../../../fixtures/recorded-queue'
import { testKeyring } from '../../pgp/pgp-test-keyring'

const HOUR = 60 * 60 * 1000

describe('sendToMailbox', () => {
  let folder: string
  let server: MemorySftpServer
  const cleanups: Array<() => void> = []
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-send-to-mailbox-'))
    server = new MemorySftpServer()
    server.tree.addFolder('outbox')
  })
  afterEach(() => {
    vi.useRealTimers()
    for (const cleanup of cleanups.splice(0)) cleanup()
    rmSync(folder, { recursive: true, force: true })
  })

  /** A connected profile of `preset`, a real queue and sent log, and `names` as local files. */
  const setup = async (
    profile: Partial<ProfileInput>,
    names: readonly string[],
    encryption?: SendEncryption,
  ) => {
    const sessions = await memorySessions(server, { profile })
    cleanups.push(sessions.cleanup)
    await sessions.manager.open(sessions.profile.id)
    const recorded = recordedQueue()
    const store = MailroomStore.open(':memory:')
    const sentLog = new SentLog(store)
    const journal = new SendJournal(store)
    const locks = new ProfileLocks(join(folder, 'locks'), 'send')
    const recoveries: string[] = []
    const localPaths = names.map((name) => {
      const path = join(folder, name)
      writeFileSync(path, `content of ${name}`)
      return path
    })
    const send = (
      request: { asMessage?: boolean; remoteNames?: string[]; remoteFolder?: RemotePath } = {},
    ) =>
      sendToMailbox(
        {
          queue: recorded.queue,
          sessions: sessions.manager,
          sentLog,
          journal,
          runs: new ProfileRuns(locks),
          by: 'the test',
          ...(encryption ? { encryption } : {}),
          recoverFirst: async (profileId) => {
            // Recovery runs under the profile's send lock, before anything is queued.
            recoveries.push(
              `${profileId} ${locks.owner(profileId)?.by} ${recorded.queue.list().length}`,
            )
          },
        },
        sessions.profile,
        { profileId: sessions.profile.id, remoteFolder: at('outbox'), localPaths, ...request },
      )
    const sentRecently = () =>
      sentLog.recent(sessions.profile.id, 'outbox', names, HOUR).map((sent) => sent.name)
    return {
      ...recorded,
      send,
      sentRecently,
      localPaths,
      profile: sessions.profile,
      journal,
      locks,
      recoveries,
    }
  }
  const uploadsDone = (
    queue: ReturnType<typeof recordedQueue>['queue'],
    ids: readonly TransferId[],
  ) => queue.whenFinished(ids)

  it("sends each file with the profile's upload strategy, and records each name sent", async () => {
    const { send, queue, transfer, sentRecently, recoveries, profile, locks } = await setup(
      { preset: 'generic' },
      ['a.edi', 'b.edi'],
    )
    const ids = await send()
    expect(recoveries).toEqual([`${profile.id} the test 0`])
    expect(locks.owner(profile.id)?.by).toBe('the test')
    await uploadsDone(queue, ids)
    expect(ids.map((id) => transfer(id).state)).toEqual(['done', 'done'])
    // The batch over, its run ends and the send lock is free.
    await vi.waitFor(() => expect(locks.owner(profile.id)).toBeUndefined())
    // Generic SFTP: a temporary name, then a rename.
    expect(server.sent('posix-rename')).toHaveLength(2)
    expect(sentRecently().sort()).toEqual(['a.edi', 'b.edi'])
  })

  it("uploads straight to the name where the gateway's preset says so", async () => {
    const { send, queue } = await setup({ preset: 'amili', username: '12345' }, ['a.edi'])
    await uploadsDone(queue, await send())
    expect(server.sent('posix-rename')).toEqual([])
    expect(server.sent('open').map((request) => request.path)).toEqual(['outbox/a.edi'])
  })

  it('records no name that did not arrive', async () => {
    server.tree.addFile('outbox/a.edi', 'already there')
    const { send, queue, sentRecently } = await setup({ preset: 'generic' }, ['a.edi'])
    await uploadsDone(queue, await send())
    expect(sentRecently()).toEqual([])
  })

  it('sends several files as one message into a new folder, one after another, straight to their names', async () => {
    const { send, queue, transfer, sentRecently } = await setup(
      { preset: 'as2-gateway', port: 9193 },
      ['a.xml', 'b.xml', 'c.xml'],
    )
    const ids = await send({ asMessage: true })
    await uploadsDone(queue, ids)
    expect(ids.map((id) => transfer(id).state)).toEqual(['done', 'done', 'done'])
    const [made] = server.sent('mkdir')
    expect(made?.path).toMatch(/^outbox\/\d{14}-[0-9a-f]{6}$/)
    expect(server.tree.entries(made?.path ?? '').map(([name]) => name)).toEqual([
      'a.xml',
      'b.xml',
      'c.xml',
    ])
    expect(server.sent('posix-rename')).toEqual([])
    const opens = server.sent('open')
    const closes = server.sent('close')
    for (let index = 1; index < opens.length; index += 1)
      expect(opens[index]?.sentAt).toBeGreaterThan(closes[index - 1]?.answeredAt ?? Infinity)
    // Recorded under the outbox the person chose.
    expect(sentRecently().sort()).toEqual(['a.xml', 'b.xml', 'c.xml'])
  })

  it('journals every file of a message under its folder before the folder is made', async () => {
    const { send, queue, journal, profile } = await setup({ preset: 'as2-gateway', port: 9193 }, [
      'a.xml',
      'b.xml',
    ])
    let atMkdir: Array<[string, string | undefined, string]> = []
    server.faults.delay = (request) => {
      if (request.op === 'mkdir')
        atMkdir = journal
          .unfinished(profile.id)
          .concat(journal.ofMessage(profile.id, request.path))
          .map((row) => [row.remotePath, row.messageFolder, row.status])
      return 0
    }
    // Recovery leaves alone what this process is sending: unfinished() hides the files in flight.
    await uploadsDone(queue, await send({ asMessage: true }))
    const folder = server.sent('mkdir')[0]?.path ?? ''
    expect(atMkdir).toEqual([
      [`${folder}/a.xml`, folder, 'queued'],
      [`${folder}/b.xml`, folder, 'queued'],
    ])
    expect(journal.ofMessage(profile.id, folder).map((row) => row.status)).toEqual(['sent', 'sent'])
  })

  it('an encrypted message: copies made first, moved to new records when the folder name was taken, sent as .pgp, none left', async () => {
    const { keyring } = testKeyring()
    const own = await keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const encryption = { keyring, folder: join(folder, 'pgp-outgoing') }
    const pgpSend = { '': { encryptTo: [own.fingerprint], sign: true, armored: false } }
    const { send, queue, transfer, journal, profile, localPaths } = await setup(
      { preset: 'as2-gateway', port: 9193, pgpSend },
      ['a.xml', 'b.xml'],
      encryption,
    )
    let mkdirs = 0
    const copiesAtMkdir: string[][] = []
    server.faults.delay = (request) => {
      if (request.op !== 'mkdir') return 0
      copiesAtMkdir.push(readdirSync(encryption.folder).sort())
      // The first name is someone else's by the time it is made.
      if ((mkdirs += 1) === 1) server.tree.addFolder(request.path)
      return 0
    }
    const ids = await send({ asMessage: true })
    await uploadsDone(queue, ids)
    expect(ids.map((id) => transfer(id).state)).toEqual(['done', 'done'])
    const [taken, made] = server.sent('mkdir').map((request) => request.path)
    expect(server.tree.entries(made ?? '').map(([name]) => name)).toEqual([
      'a.xml.pgp',
      'b.xml.pgp',
    ])
    expect(journal.ofMessage(profile.id, taken ?? '').map((row) => row.status)).toEqual([
      'failed',
      'failed',
    ])
    const rows = journal.ofMessage(profile.id, made ?? '')
    expect(rows.map((row) => [row.status, row.sourcePath])).toEqual([
      ['sent', localPaths[0]],
      ['sent', localPaths[1]],
    ])
    // Encrypted before the first name was tried, then under the records of the second.
    const [first, second] = copiesAtMkdir
    expect(first).toEqual(
      journal
        .ofMessage(profile.id, taken ?? '')
        .map((row) => row.id)
        .sort(),
    )
    expect(second).toEqual(rows.map((row) => row.id).sort())
    expect(readdirSync(encryption.folder)).toEqual([])
  })

  it("AS2 Gateway: a single file's temporary copy is written beside the outbox, never in it", async () => {
    server.tree.addFolder('as2gateway/RJ_ONE/DemoAS2/outbox')
    const { send, queue, transfer } = await setup({ preset: 'as2-gateway', port: 9193 }, ['a.xml'])
    const ids = await send({ remoteFolder: at('as2gateway/RJ_ONE/DemoAS2/outbox') })
    await uploadsDone(queue, ids)
    expect(ids.map((id) => transfer(id).state)).toEqual(['done'])
    expect(server.sent('open').map((request) => request.path)).toEqual([
      expect.stringMatching(/^as2gateway\/RJ_ONE\/DemoAS2\/\.a\.xml\.[0-9a-f]{8}\.mailroom-part$/),
    ])
    expect(server.tree.entries('as2gateway/RJ_ONE/DemoAS2/outbox').map(([name]) => name)).toEqual([
      'a.xml',
    ])
  })

  it("refuses a message over the gateway's limits before anything is uploaded", async () => {
    const names = Array.from({ length: 11 }, (_, index) => `${index}.xml`)
    const { send, queue } = await setup({ preset: 'as2-gateway', port: 9193 }, names)
    const before = server.requests.length
    await expect(send({ asMessage: true })).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringContaining(
        'One AS2 Gateway message holds at most 10 files; these are 11.',
      ),
    })
    expect(server.requests.slice(before)).toEqual([])
    expect(queue.list()).toEqual([])
  })

  it('refuses a message over 10 MB in all before anything is uploaded', async () => {
    const { send, queue, localPaths } = await setup({ preset: 'as2-gateway', port: 9193 }, [
      'a.xml',
      'b.xml',
    ])
    truncateSync(localPaths[0] ?? '', 6_000_000)
    truncateSync(localPaths[1] ?? '', 4_000_001)
    const before = server.requests.length
    await expect(send({ asMessage: true })).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringContaining('One AS2 Gateway message holds at most 10 MB'),
    })
    expect(server.requests.slice(before)).toEqual([])
    expect(queue.list()).toEqual([])
  })

  it('refuses a message where the gateway takes none, saying what to do instead', async () => {
    const { send, queue } = await setup({ preset: 'mft-gateway' }, ['a.xml', 'b.xml'])
    await expect(send({ asMessage: true })).rejects.toMatchObject({
      kind: 'invalid-input',
      message:
        'MFT Gateway does not take several files as one message. Zip them into one archive instead.',
    })
    expect(queue.list()).toEqual([])
  })

  describe('watching a sent file until the gateway takes it', () => {
    it('watches where the preset says the gateway takes sent files', async () => {
      const { send, queue, transfer } = await setup({ preset: 'amili', username: '12345' }, [
        'a.edi',
      ])
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const [id] = (await send()) as [TransferId]
      await uploadsDone(queue, [id])
      expect(transfer(id).takenAt).toBeUndefined()
      server.tree.remove('outbox/a.edi')
      await vi.advanceTimersByTimeAsync(10_000)
      await vi.waitFor(() => expect(transfer(id).takenAt).toBeDefined())
    })

    it('does not watch a plain server, which keeps what is sent', async () => {
      const { send, queue, transfer } = await setup({ preset: 'generic' }, ['a.edi'])
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const [id] = (await send()) as [TransferId]
      await uploadsDone(queue, [id])
      const checks = server.sent('stat').length
      server.tree.remove('outbox/a.edi')
      await vi.advanceTimersByTimeAsync(60_000)
      expect(server.sent('stat')).toHaveLength(checks)
      expect(transfer(id).takenAt).toBeUndefined()
    })
  })
})
