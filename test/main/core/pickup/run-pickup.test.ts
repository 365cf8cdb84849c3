import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { FolderSync } from '../../../../src/main/core/pickup/folder-sync'
import { startPickup, type PickupRequest } from '../../../../src/main/core/pickup/run-pickup'
import type { ProfileId } from '../../../../src/shared/domain'
import { at, MemorySftpServer } from '../../../fixtures/memory-sftp-session'
import { journalOnDisk } from '../../../fixtures/journal-on-disk'
import { recordedQueue } from '../../../fixtures/recorded-queue'

const NOW = 1_800_000_000_000
const OLD = NOW - 3_600_000
const profileId = 'profile-0001' as ProfileId

describe('startPickup', () => {
  let base: string
  let folder: string
  let journal: ReturnType<typeof journalOnDisk>
  let server: MemorySftpServer
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'mailroom-run-pickup-'))
    folder = join(base, 'Pickup')
    journal = journalOnDisk()
    server = new MemorySftpServer()
    server.tree.addFolder('inbox')
  })
  afterEach(() => {
    journal.close()
    rmSync(base, { recursive: true, force: true })
  })

  /** Starts a pickup of the inbox through a real queue, and waits for its transfers. */
  const pickUp = async (request: Partial<PickupRequest> = {}) => {
    const recorded = recordedQueue()
    const started = await startPickup({
      queue: recorded.queue,
      sessions: server.source(),
      profileId,
      journal: journal.journal,
      logger: silentLogger,
      folders: new FolderSync(),
      origin: { host: 'sftp.example.test', port: 22, username: 'test' },
      localFolder: folder,
      keepOnServer: false,
      selection: { kind: 'mailbox', path: at('inbox') },
      minAgeMs: 60_000,
      now: NOW,
      ...request,
    })
    await recorded.queue.whenFinished(started.transferIds)
    return { started, transfers: started.transferIds.map((id) => recorded.transfer(id)) }
  }

  it('makes the folder, takes every file old enough, and leaves the young ones for next time', async () => {
    server.tree.addFile('inbox/a.xml', 'a', OLD)
    server.tree.addFile('inbox/b.xml', 'b', OLD)
    server.tree.addFile('inbox/young.xml', 'still being written', NOW - 1_000)
    const { started, transfers } = await pickUp()
    expect(started).toEqual({
      transferIds: [expect.any(String), expect.any(String)],
      tooYoung: 1,
      alreadyPickedUp: 0,
      recovered: 0,
    })
    expect(
      transfers.map((transfer) => [
        transfer.name,
        transfer.direction,
        transfer.localPath,
        transfer.state,
      ]),
    ).toEqual([
      ['a.xml', 'pickup', join(folder, 'a.xml'), 'done'],
      ['b.xml', 'pickup', join(folder, 'b.xml'), 'done'],
    ])
    expect(readdirSync(folder).sort()).toEqual(['a.xml', 'b.xml'])
    expect(server.tree.entries('inbox').map(([name]) => name)).toEqual(['young.xml'])
  })

  it('finishes what an earlier run left first, and counts it', async () => {
    // An earlier run saved old.xml and was killed before deleting the server's copy.
    server.tree.addFile('inbox/old.xml', 'o', OLD)
    server.tree.addFile('inbox/a.xml', 'a', OLD)
    mkdirSync(folder)
    writeFileSync(join(folder, 'old.xml'), 'o')
    const sha256 = createHash('sha256').update('o').digest('hex')
    await journal.append(
      {
        step: 'listed',
        id: 'earlier',
        profileId,
        remotePath: 'inbox/old.xml',
        size: 1,
        modifiedAt: OLD,
        localFolder: folder,
        at: 1,
      },
      { step: 'verified', id: 'earlier', sha256, at: 2 },
      { step: 'saved', id: 'earlier', localPath: join(folder, 'old.xml'), sha256, at: 3 },
    )
    const { started, transfers } = await pickUp()
    expect(started.recovered).toBe(1)
    expect(journal.record('earlier')).toMatchObject({ status: 'deleted' })
    expect(transfers.map((transfer) => transfer.name)).toEqual(['a.xml'])
    expect(server.requests.slice(0, 3).map((request) => `${request.op} ${request.path}`)).toEqual([
      'stat inbox/old.xml',
      'remove inbox/old.xml',
      'list inbox',
    ])
  })

  it('does not take again a file kept on the server and unchanged since, but takes one that changed', async () => {
    server.tree.addFile('inbox/a.xml', 'a', OLD)
    server.tree.addFile('inbox/b.xml', 'b', OLD)
    await pickUp({ keepOnServer: true })
    server.tree.addFile('inbox/b.xml', 'b, sent again', OLD + 1_000)
    const { started, transfers } = await pickUp({ keepOnServer: true })
    expect(started.alreadyPickedUp).toBe(1)
    expect(transfers.map((transfer) => transfer.name)).toEqual(['b.xml'])
    expect(readdirSync(folder).sort()).toEqual(['a.xml', 'b (1).xml', 'b.xml'])
  })

  it('takes the files inside message folders, and removes each folder it emptied', async () => {
    server.tree.addFile('inbox/20261123031500-1234/a.xml', 'a', OLD)
    server.tree.addFile('inbox/20261123031500-1234/b.xml', 'b', OLD)
    server.tree.addFile('inbox/20261123031501-99/c.xml', 'c', OLD)
    const { transfers } = await pickUp()
    expect(transfers.map((transfer) => transfer.state)).toEqual(['done', 'done', 'done'])
    expect(readdirSync(folder).sort()).toEqual(['a.xml', 'b.xml', 'c.xml'])
    expect(server.tree.entries('inbox')).toEqual([])
  })

  it('takes exactly the files selected, with their sizes and times from the server', async () => {
    server.tree.addFile('inbox/a.xml', 'a', OLD)
    server.tree.addFile('inbox/b.xml', 'b', OLD)
    const { transfers } = await pickUp({ selection: { kind: 'files', paths: [at('inbox/b.xml')] } })
    expect(transfers.map((transfer) => [transfer.name, transfer.totalBytes])).toEqual([
      ['b.xml', 1],
    ])
    expect(server.tree.exists('inbox/a.xml')).toBe(true)
    expect(server.sent('list')).toEqual([])
  })

  it('refuses a folder among the selected files, queueing nothing', async () => {
    server.tree.addFile('inbox/a.xml', 'a', OLD)
    server.tree.addFolder('inbox/sub')
    await expect(
      pickUp({ selection: { kind: 'files', paths: [at('inbox/a.xml'), at('inbox/sub')] } }),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message: '"inbox/sub" is not a file; only files are picked up.',
    })
    expect(server.sent('open')).toEqual([])
  })

  it('says so when the pickup folder cannot be made, before asking the server anything', async () => {
    writeFileSync(join(base, 'not a folder'), '')
    await expect(
      pickUp({ localFolder: join(base, 'not a folder', 'Pickup') }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('Could not create the folder'),
    })
    expect(server.requests).toEqual([])
  })

  it('carries on after a drop while listing', async () => {
    server.tree.addFile('inbox/a.xml', 'a', OLD)
    server.faults.dropAt = { op: 'list', when: 'before' }
    const { transfers } = await pickUp()
    expect(transfers.map((transfer) => transfer.state)).toEqual(['done'])
    expect(existsSync(join(folder, 'a.xml'))).toBe(true)
  })
})
