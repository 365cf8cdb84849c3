import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { FolderSync } from '../../../../src/main/core/pickup/folder-sync'
import {
  pickUpOne,
  type PickupContext,
  type PickupStep,
} from '../../../../src/main/core/pickup/pickup-steps'
import type { MailboxFile, ProfileId } from '../../../../src/shared/domain'
import { at, MemorySftpServer } from '../../../fixtures/memory-sftp-session'
import { journalOnDisk, type CommittedRecord } from '../../../fixtures/journal-on-disk'
import { recordedQueue } from '../../../fixtures/recorded-queue'

const MIB = 1024 * 1024
const MODIFIED = 1_700_000_000_000
const profileId = 'profile-0001' as ProfileId

describe('pickUpOne', () => {
  let folder: string
  let journal: ReturnType<typeof journalOnDisk>
  let server: MemorySftpServer
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-pickup-steps-'))
    journal = journalOnDisk()
    server = new MemorySftpServer()
  })
  afterEach(() => {
    journal.close()
    rmSync(folder, { recursive: true, force: true })
  })

  /** A file on the server as a listing saw it. */
  const onServer = (name: string, size: number): { file: MailboxFile; content: Buffer } => {
    const content = randomBytes(size)
    server.tree.addFile(`inbox/${name}`, content, MODIFIED)
    return {
      file: { path: at(`inbox/${name}`), name, message: null, size, modifiedAt: MODIFIED },
      content,
    }
  }
  /** Picks up one file through a real queue; the transfer, its states, and the record's id. */
  const pickUp = async (file: MailboxFile, context: Partial<PickupContext> = {}) => {
    const recorded = recordedQueue()
    const transfer = await recorded.run(
      (control) =>
        pickUpOne(
          {
            profileId,
            sessions: server.source(),
            localFolder: folder,
            folders: new FolderSync(),
            origin: { host: 'sftp.example.test', port: 22, username: 'test' },
            journal: journal.journal,
            logger: silentLogger,
            keepOnServer: false,
            ...context,
          },
          file,
          control,
        ),
      { direction: 'pickup', name: file.name, remotePath: file.path, totalBytes: file.size },
    )
    const id = journal.ids().at(-1) ?? ''
    return { transfer, states: recorded.states(transfer.id), id }
  }
  const localFiles = () => readdirSync(folder).sort()

  it('lists, downloads, verifies, saves, then deletes, each step committed before the next', async () => {
    const { file, content } = onServer('a.xml', 2 * MIB + 3)
    const seen: Array<[PickupStep, CommittedRecord['status'] | undefined, string[], boolean]> = []
    let id = ''
    const { transfer, states } = await pickUp(file, {
      hooks: {
        atStep: async (step) => {
          id ||= journal.ids()[0] ?? ''
          seen.push([
            step,
            journal.record(id)?.status,
            localFiles(),
            server.tree.exists('inbox/a.xml'),
          ])
        },
      },
    })
    expect(transfer.state).toBe('done')
    expect(states).toEqual(['queued', 'running', 'verifying', 'done'])
    const part = `.mailroom-${id}.part`
    expect(seen).toEqual([
      ['listed', 'listed', [], true],
      ['downloaded', 'listed', [part], true],
      ['verified', 'verified', [part], true],
      ['claimed', 'verified', ['a.xml'], true],
      ['saved', 'saved', ['a.xml'], true],
      ['finished', 'deleted', ['a.xml'], false],
    ])
    expect(readFileSync(join(folder, 'a.xml')).equals(content)).toBe(true)
    expect(journal.record(id)).toMatchObject({
      status: 'deleted',
      localPath: join(folder, 'a.xml'),
    })
  })

  it('keeps the server copy when the pickup keeps files on the server', async () => {
    const { file } = onServer('a.xml', 100)
    const { transfer, id } = await pickUp(file, { keepOnServer: true })
    expect(transfer.state).toBe('done')
    expect(server.tree.exists('inbox/a.xml')).toBe(true)
    expect(journal.record(id)).toMatchObject({ status: 'kept' })
  })

  it('saves beside a local file of the same name, never over it', async () => {
    const { file, content } = onServer('a.xml', 100)
    writeFileSync(join(folder, 'a.xml'), 'mine')
    await pickUp(file)
    expect(readFileSync(join(folder, 'a.xml'), 'utf8')).toBe('mine')
    expect(readFileSync(join(folder, 'a (1).xml')).equals(content)).toBe(true)
  })

  it.each([
    ['it grew', { size: 90 }, 'listed 90 bytes, received 90, now 100'],
    [
      'its time changed',
      { modifiedAt: MODIFIED - 1000 },
      'listed 100 bytes, received 100, now 100',
    ],
  ])(
    'leaves a file on the server that changed since it was listed (%s)',
    async (_label, listing, numbers) => {
      const { file } = onServer('a.xml', 100)
      const { transfer, id } = await pickUp({ ...file, ...listing })
      expect(transfer).toMatchObject({
        state: 'failed',
        error: {
          kind: 'verify-failed',
          message: `"inbox/a.xml" on ${server.host} was not deleted: it changed while it was picked up (${numbers}). Pick it up again.`,
        },
      })
      expect(journal.record(id)).toMatchObject({ status: 'abandoned' })
      expect(localFiles()).toEqual([])
      expect(server.tree.exists('inbox/a.xml')).toBe(true)
    },
  )

  it("adds pickup's wording to a file that became shorter while read, and keeps no part", async () => {
    const { file } = onServer('a.xml', 3 * MIB)
    server.faults.shrink = { path: 'inbox/a.xml', afterBytes: MIB, toSize: MIB }
    const { transfer } = await pickUp(file)
    expect(transfer).toMatchObject({
      state: 'failed',
      error: {
        kind: 'verify-failed',
        message: `"inbox/a.xml" on ${server.host} became shorter while it was read. Nothing was deleted; pick it up again.`,
      },
    })
    expect(localFiles()).toEqual([])
    expect(server.tree.exists('inbox/a.xml')).toBe(true)
  })

  it('resumes the download on the new connection after a drop, from what it saved', async () => {
    const { file, content } = onServer('a.xml', 4 * MIB)
    server.faults.dropAfterBytes = 2 * MIB
    const { transfer, states, id } = await pickUp(file)
    expect(transfer.state).toBe('done')
    expect(states).toContain('reconnecting')
    expect(readFileSync(join(folder, 'a.xml')).equals(content)).toBe(true)
    expect(localFiles()).toEqual(['a.xml'])
    const again = server.requests.filter(
      (request) => request.connection === 2 && request.op === 'read',
    )
    expect(Math.min(...again.map((request) => request.position ?? 0))).toBeGreaterThan(0)
    expect(journal.record(id)).toMatchObject({ status: 'deleted' })
  })

  it('finishes on the new connection when the link drops at the delete', async () => {
    const { file } = onServer('a.xml', 100)
    server.faults.dropAt = { op: 'remove', when: 'before' }
    const { transfer, states, id } = await pickUp(file)
    expect(transfer.state).toBe('done')
    expect(states).toEqual(['queued', 'running', 'verifying', 'reconnecting', 'verifying', 'done'])
    expect(server.tree.exists('inbox/a.xml')).toBe(false)
    expect(journal.record(id)).toMatchObject({ status: 'deleted' })
  })

  it('when cancelled, removes its part, leaves the server copy, and lets a later pickup recover it', async () => {
    const { file } = onServer('a.xml', 8 * MIB)
    const recorded = recordedQueue()
    const transfer = await recorded.run(
      (control) =>
        pickUpOne(
          {
            profileId,
            sessions: server.source(),
            localFolder: folder,
            folders: new FolderSync(),
            origin: { host: 'sftp.example.test', port: 22, username: 'test' },
            journal: journal.journal,
            logger: silentLogger,
            keepOnServer: false,
          },
          file,
          {
            ...control,
            progress: (done, total) => {
              control.progress(done, total)
              recorded.queue.cancel(control.id)
            },
          },
        ),
      { direction: 'pickup' },
    )
    expect(transfer.state).toBe('cancelled')
    expect(localFiles()).toEqual([])
    expect(server.tree.exists('inbox/a.xml')).toBe(true)
    // Not held as in progress any more: the next pickup's recovery sees it.
    expect((await journal.journal.unfinished(profileId)).map((record) => record.status)).toEqual([
      'listed',
    ])
    expect(existsSync(join(folder, 'a.xml'))).toBe(false)
  })
})
