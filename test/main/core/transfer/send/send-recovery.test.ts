import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProfileLocks } from '../../../../../src/main/core/locks/profile-locks'
import { ProfileRuns } from '../../../../../src/main/core/locks/profile-runs'
import { MailroomStore } from '../../../../../src/main/core/store/mailroom-store'
import { classifyHead } from '../../../../../src/main/core/pgp/openpgp-packets'
import type { SendEncryption } from '../../../../../src/main/core/transfer/send/encrypted-copies'
import { SendJournal } from '../../../../../src/main/core/transfer/send/send-journal'
import { SendRecovery } from '../../../../../src/main/core/transfer/send/send-recovery'
import { SentLog } from '../../../../../src/main/core/transfer/sent-log'
import type { ProfileInput } from '../../../../../src/shared/domain'
import type { ApiEvent } from '../../../../../src/shared/transport'
import { holdInAnotherProcess } from '../../../../fixtures/lock-in-another-process'
import { MemorySftpServer } from '../../../../fixtures/memory-sftp-session'
import { memorySessions } from '../../../../fixtures/memory-sessions'
import { recordedQueue } from '../../../../fixtures/recorded-queue'
import { testKeyring } from '../../pgp/pgp-test-keyring'

const TEMPORARY = 'out/.a.xml.0a1b2c3d.mailroom-part'
const FOLDER = 'outbox/20261123101010-abcdef'

describe('SendRecovery', () => {
  let folder: string
  let server: MemorySftpServer
  const cleanups: Array<() => void> = []
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-send-recovery-'))
    server = new MemorySftpServer()
  })
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
    rmSync(folder, { recursive: true, force: true })
  })

  /** A connected profile, a real queue, journal and send lock, and local files named `names`. */
  const setup = async (
    profile: Partial<ProfileInput> = { preset: 'generic' },
    encryption?: SendEncryption,
  ) => {
    const sessions = await memorySessions(server, { profile })
    cleanups.push(sessions.cleanup)
    await sessions.manager.open(sessions.profile.id)
    const recorded = recordedQueue()
    const store = MailroomStore.open(':memory:')
    const journal = new SendJournal(store)
    const locks = new ProfileLocks(join(folder, 'locks'), 'send')
    const failures: unknown[] = []
    const recovery = new SendRecovery({
      queue: recorded.queue,
      sessions: sessions.manager,
      sentLog: new SentLog(store),
      journal,
      runs: new ProfileRuns(locks),
      by: 'the test',
      profileOf: () => sessions.profile,
      events: recorded.events,
      onFailure: (_profileId, error) => failures.push(error),
      ...(encryption ? { encryption } : {}),
    })
    const told: ApiEvent[] = []
    recorded.events.subscribe((event) => {
      if (event.name === 'send:recovered') told.push(event)
    })
    const recovered = () => [...told]
    const local = (name: string, size = 1000) => {
      const path = join(folder, name)
      writeFileSync(path, Buffer.alloc(size, 7))
      return path
    }
    /** An upload a killed send left: queued, started under `temporaryPath` or straight. */
    const left = async (
      remotePath: string,
      strategy: 'direct' | 'temp-rename',
      extra: { temporaryPath?: string; messageFolder?: string; started?: boolean } = {},
    ) => {
      const id = `upload-${remotePath.replace(/\W/g, '-')}`
      await journal.append({
        step: 'queued',
        id,
        profileId: sessions.profile.id,
        remotePath,
        localPath: local(remotePath.split('/').pop() ?? 'file'),
        size: 1000,
        strategy,
        ...(extra.messageFolder ? { messageFolder: extra.messageFolder } : {}),
        at: Date.now(),
      })
      if (extra.started !== false)
        await journal.append({
          step: 'started',
          id,
          size: 1000,
          ...(extra.temporaryPath ? { temporaryPath: extra.temporaryPath } : {}),
          at: Date.now(),
        })
      return id
    }
    return {
      ...recorded,
      recovery,
      journal,
      locks,
      failures,
      recovered,
      left,
      profile: sessions.profile,
    }
  }

  it('looks at nothing on the server when the journal holds nothing unfinished', async () => {
    const { recovery, profile, recovered } = await setup()
    const before = server.requests.length
    expect(await recovery.recover(profile.id)).toEqual({ sends: [] })
    expect(server.requests.slice(before)).toEqual([])
    expect(recovered()).toEqual([])
  })

  it('removes what a killed send left, lists it in Transfers as recovered, tells it once, and its Retry sends the file again', async () => {
    const { recovery, profile, queue, recovered, journal, left } = await setup()
    server.tree.addFile(TEMPORARY, Buffer.alloc(400))
    await left('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
    const { sends } = await recovery.recover(profile.id)
    expect(server.tree.exists(TEMPORARY)).toBe(false)
    expect(sends).toHaveLength(1)
    const [send] = sends
    expect(send).toMatchObject({ outcome: 'not-sent', transferId: expect.any(String) })
    const row = queue.list().find((transfer) => transfer.id === send?.transferId)
    expect(row).toMatchObject({
      recovered: true,
      state: 'failed',
      name: 'a.xml',
      remotePath: 'out/a.xml',
      error: { kind: 'interrupted', message: expect.stringContaining('that file was removed') },
    })
    expect(recovered()).toEqual([
      { name: 'send:recovered', payload: { profileId: profile.id, sends } },
    ])
    // Found once: the next connection finds nothing more.
    expect((await recovery.recover(profile.id)).sends).toEqual([])

    const again = queue.retry(send?.transferId ?? ('' as never))
    await queue.whenFinished([again])
    expect(queue.list().find((transfer) => transfer.id === again)?.state).toBe('done')
    expect(server.tree.content('out/a.xml')?.length).toBe(1000)
    expect(journal.unfinished(profile.id)).toEqual([])
  })

  it('looks at nothing while another process holds the send lock: its uploads may be live', async () => {
    const { recovery, profile, left } = await setup()
    server.tree.addFile(TEMPORARY, Buffer.alloc(400))
    await left('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
    const holder = holdInAnotherProcess(join(folder, 'locks'), profile.id, 'send')
    try {
      expect(await holder.held).toBe('HELD')
      const result = await recovery.recover(profile.id)
      expect(result.sends).toEqual([])
      expect(result.skipped).toContain('Another send of this profile is running')
      expect(server.tree.exists(TEMPORARY)).toBe(true)
    } finally {
      await holder.kill()
    }
  })

  it('completes an AS2 message found within its quiet time, holding the send lock until its files are sent', async () => {
    server.tree.addFile(`${FOLDER}/a.xml`, Buffer.alloc(1000, 7))
    server.tree.addFile(`${FOLDER}/b.xml`, Buffer.alloc(300))
    const { recovery, profile, queue, left, locks, journal } = await setup({
      preset: 'as2-gateway',
      port: 9193,
    })
    const a = await left(`${FOLDER}/a.xml`, 'direct', { messageFolder: FOLDER })
    await journal.append({ step: 'sent', id: a, at: Date.now() })
    await left(`${FOLDER}/b.xml`, 'direct', { messageFolder: FOLDER })
    await left(`${FOLDER}/c.xml`, 'direct', { messageFolder: FOLDER, started: false })
    const { sends } = await recovery.recover(profile.id)
    expect(sends.map((send) => send.outcome)).toEqual(['message-completed'])
    expect(locks.owner(profile.id)?.by).toBe('the test')
    const completing = queue.list().filter((transfer) => !transfer.recovered)
    expect(completing.map((transfer) => transfer.remotePath)).toEqual([
      `${FOLDER}/b.xml`,
      `${FOLDER}/c.xml`,
    ])
    await queue.whenFinished(completing.map((transfer) => transfer.id))
    expect(
      server.tree
        .entries(FOLDER)
        .map(([name, node]) => [name, node.kind === 'file' ? node.content.length : 0]),
    ).toEqual([
      ['a.xml', 1000],
      ['b.xml', 1000],
      ['c.xml', 1000],
    ])
    await new Promise((resolve) => setImmediate(resolve))
    expect(locks.owner(profile.id)).toBeUndefined()
  })

  it('reports a message it cannot complete (a file gone from this computer since) as one the gateway may send incomplete', async () => {
    server.tree.addFile(`${FOLDER}/a.xml`, Buffer.alloc(1000, 7))
    const { recovery, profile, queue, left } = await setup({ preset: 'as2-gateway', port: 9193 })
    await left(`${FOLDER}/a.xml`, 'direct', { messageFolder: FOLDER })
    await left(`${FOLDER}/b.xml`, 'direct', { messageFolder: FOLDER, started: false })
    rmSync(join(folder, 'b.xml'))
    const { sends } = await recovery.recover(profile.id)
    expect(sends).toMatchObject([
      {
        outcome: 'message-incomplete',
        summary: expect.stringContaining('It could not be completed'),
        sendAgainAs: 'a new message in outbox',
      },
    ])
    expect(queue.list().find((transfer) => transfer.id === sends[0]?.transferId)?.state).toBe(
      'failed',
    )
  })

  it('offers an encrypted message it cannot complete again encrypted, never its plain files under .pgp names', async () => {
    const { keyring } = testKeyring()
    const partner = await keyring.generate({ name: 'Partner', email: 'partner@theirs.test' })
    const encryption: SendEncryption = { keyring, folder: join(folder, 'pgp-outgoing') }
    const { recovery, profile, queue, journal } = await setup(
      { preset: 'as2-gateway', port: 9193 },
      encryption,
    )
    const pgp = { recipients: [partner.fingerprint], armored: false }
    const originals = ['a.xml', 'b.xml'].map((name) => {
      const path = join(folder, name)
      writeFileSync(path, `<invoice>${name}</invoice>`)
      return path
    })
    for (const [index, name] of ['a.xml.pgp', 'b.xml.pgp'].entries()) {
      const id = `upload-${index}`
      await journal.append({
        step: 'queued',
        id,
        profileId: profile.id,
        remotePath: `${FOLDER}/${name}`,
        localPath: join(encryption.folder, id, name),
        size: 1000,
        strategy: 'direct',
        messageFolder: FOLDER,
        sourcePath: originals[index] ?? '',
        pgp,
        at: Date.now(),
      })
    }
    server.tree.addFolder(FOLDER)
    // b.xml's original is away (a share not mounted) when the message would be completed.
    renameSync(originals[1] ?? '', `${originals[1]}.away`)
    const { sends } = await recovery.recover(profile.id)
    expect(sends).toMatchObject([
      { outcome: 'message-incomplete', sendAgainAs: 'a new message in outbox' },
    ])
    renameSync(`${originals[1]}.away`, originals[1] ?? '')
    const again = queue.retry(sends[0]?.transferId ?? ('' as never))
    await queue.whenFinished([again])
    expect(queue.list().find((transfer) => transfer.id === again)?.state).toBe('done')
    const [, message] = server.tree.entries('outbox').map(([name]) => `outbox/${name}`)
    const sent = server.tree.entries(message ?? '').map(([name]) => name)
    expect(sent).toEqual(['a.xml.pgp', 'b.xml.pgp'])
    for (const name of sent) {
      const content = server.tree.content(`${message}/${name}`) ?? Buffer.alloc(0)
      expect(content.toString()).not.toContain('<invoice>')
      expect(classifyHead(content)).toBe('message')
    }
  })

  it('only reports when asked, listing nothing in Transfers and telling no one', async () => {
    const { recovery, profile, queue, recovered, left } = await setup()
    server.tree.addFile(TEMPORARY, Buffer.alloc(400))
    await left('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
    const { sends } = await recovery.recover(profile.id, { reportOnly: true })
    expect(sends).toMatchObject([{ outcome: 'not-sent', reportOnly: true }])
    expect(sends[0]?.transferId).toBeUndefined()
    expect(queue.list()).toEqual([])
    expect(recovered()).toEqual([])
    expect(server.tree.exists(TEMPORARY)).toBe(true)
  })

  it('runs one recovery of a profile at a time, so two callers never act on one file twice', async () => {
    const { recovery, profile, left, recovered } = await setup()
    server.tree.addFile(TEMPORARY, Buffer.alloc(400))
    await left('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
    const [first, second] = await Promise.all([
      recovery.recover(profile.id),
      recovery.recover(profile.id),
    ])
    expect(first.sends).toHaveLength(1)
    expect(second.sends).toEqual([])
    expect(server.sent('remove')).toHaveLength(1)
    expect(recovered()).toHaveLength(1)
  })

  it('tells a failure to recover, leaving the journal for the next connection', async () => {
    const { recovery, profile, left, failures, journal } = await setup()
    server.tree.addFile(TEMPORARY, Buffer.alloc(400))
    await left('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
    server.faults.refuse = { op: 'stat', code: 3 }
    await recovery.recoverQuietly(profile.id)
    expect(failures).toMatchObject([{ kind: 'permission-denied' }])
    expect(journal.unfinished(profile.id)).toHaveLength(1)
  })
})
