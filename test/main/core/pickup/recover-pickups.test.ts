import { createHash } from 'node:crypto'
import {
  existsSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { FolderSync } from '../../../../src/main/core/pickup/folder-sync'
import {
  recoverPickups,
  type RecoveryContext,
} from '../../../../src/main/core/pickup/recover-pickups'
import { partPath } from '../../../../src/main/core/pickup/save-locally'
import { MemorySftpServer } from '../../../fixtures/memory-sftp-session'
import { journalOnDisk } from '../../../fixtures/journal-on-disk'

const MODIFIED = 1_700_000_000_000
const CONTENT = 'the picked-up file'
const SHA = createHash('sha256').update(CONTENT).digest('hex')

/**
 * One case per record an interrupted pickup can leave a file at: each set up as a process
 * killed inside that step leaves it (journal record, part file, final copy), then recovered.
 */
describe('recoverPickups', () => {
  let folder: string
  let journal: ReturnType<typeof journalOnDisk>
  let server: MemorySftpServer
  let synced: string[]
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-recover-'))
    journal = journalOnDisk()
    server = new MemorySftpServer()
    server.tree.addFile('inbox/a.xml', CONTENT, MODIFIED)
    synced = []
  })
  afterEach(() => {
    journal.close()
    rmSync(folder, { recursive: true, force: true })
  })

  const listed = (id = 'file-1', profileId = 'p1') =>
    journal.append({
      step: 'listed',
      id,
      profileId,
      remotePath: 'inbox/a.xml',
      size: CONTENT.length,
      modifiedAt: MODIFIED,
      localFolder: folder,
      at: 1,
    })
  const verified = async (id = 'file-1') => {
    await listed(id)
    await journal.append({ step: 'verified', id, sha256: SHA, at: 2 })
  }
  const saved = async (localPath: string, id = 'file-1') => {
    await verified(id)
    await journal.append({ step: 'saved', id, localPath, sha256: SHA, at: 3 })
  }
  const recover = (keepOnServer = false) => {
    const context: RecoveryContext = {
      profileId: 'p1',
      journal: journal.journal,
      logger: silentLogger,
      keepOnServer,
      folders: new FolderSync({ fsync: async (synced_) => void synced.push(synced_) }),
      origin: { host: 'sftp.example.test', port: 22, username: 'test' },
    }
    return recoverPickups(context, server.connect())
  }
  const local = (name: string, content = CONTENT) => {
    const path = join(folder, name)
    writeFileSync(path, content)
    return path
  }
  const files = () => readdirSync(folder).sort()

  it('listed (interrupted while downloading): removes the part file and leaves the server copy to be taken again', async () => {
    await listed()
    local('.mailroom-file-1.part', 'the pick')
    expect(await recover()).toBe(1)
    expect(files()).toEqual([])
    expect(journal.record('file-1')).toMatchObject({
      status: 'abandoned',
      reason: 'interrupted before it was complete; picked up again',
    })
    expect(server.tree.exists('inbox/a.xml')).toBe(true)
    expect(server.requests).toEqual([])
  })

  describe('verified (complete and checked, interrupted around its final name)', () => {
    it('with the part present: gives it its name, then finishes on the server', async () => {
      await verified()
      local('.mailroom-file-1.part')
      await recover()
      expect(files()).toEqual(['a.xml'])
      expect(readFileSync(join(folder, 'a.xml'), 'utf8')).toBe(CONTENT)
      expect(synced).toEqual([folder])
      expect(journal.record('file-1')).toMatchObject({
        status: 'deleted',
        localPath: join(folder, 'a.xml'),
      })
      expect(server.tree.exists('inbox/a.xml')).toBe(false)
    })

    it('with the part already linked to its final name (killed between link and unlink): no second name', async () => {
      await verified()
      local('a.xml', 'an older file of that name')
      const part = local('.mailroom-file-1.part')
      linkSync(part, join(folder, 'a (1).xml'))
      await recover()
      expect(files()).toEqual(['a (1).xml', 'a.xml'])
      expect(readFileSync(join(folder, 'a.xml'), 'utf8')).toBe('an older file of that name')
      expect(journal.record('file-1')).toMatchObject({
        status: 'deleted',
        localPath: join(folder, 'a (1).xml'),
      })
    })

    it('with only the final copy left: finds it by name and SHA-256, past others of that name', async () => {
      await verified()
      local('a.xml', 'someone else')
      local('a (1).xml')
      await recover()
      expect(files()).toEqual(['a (1).xml', 'a.xml'])
      expect(journal.record('file-1')).toMatchObject({
        status: 'deleted',
        localPath: join(folder, 'a (1).xml'),
      })
      expect(server.tree.exists('inbox/a.xml')).toBe(false)
    })

    it('with a part that is not what was verified: removes it, and takes the file again', async () => {
      await verified()
      local('.mailroom-file-1.part', 'damaged')
      await recover()
      expect(files()).toEqual([])
      expect(journal.record('file-1')).toMatchObject({
        status: 'abandoned',
        reason: 'its verified copy was not found; picked up again',
      })
      expect(server.tree.exists('inbox/a.xml')).toBe(true)
    })

    it('with nothing left: the server copy stays, to be taken again', async () => {
      await verified()
      await recover()
      expect(journal.record('file-1')).toMatchObject({
        status: 'abandoned',
        reason: 'its verified copy was not found; picked up again',
      })
      expect(server.tree.exists('inbox/a.xml')).toBe(true)
      expect(server.requests).toEqual([])
    })
  })

  describe('saved (under its final name, interrupted before the server copy was dealt with)', () => {
    it('with the copy present: finishes on the server, and clears a part left behind', async () => {
      await saved(local('a.xml'))
      local('.mailroom-file-1.part', 'left')
      await recover()
      expect(files()).toEqual(['a.xml'])
      expect(journal.record('file-1')).toMatchObject({ status: 'deleted' })
      expect(server.tree.exists('inbox/a.xml')).toBe(false)
    })

    it('with the copy present, keeping files on the server: journals it kept', async () => {
      await saved(local('a.xml'))
      await recover(true)
      expect(journal.record('file-1')).toMatchObject({ status: 'kept' })
      expect(server.tree.exists('inbox/a.xml')).toBe(true)
    })

    it.each([
      ['gone', () => undefined],
      ['changed', () => local('a.xml', 'edited since')],
    ])(
      'with the copy %s: deletes nothing on the server, and takes the file again',
      async (_label, change) => {
        const path = local('a.xml')
        await saved(path)
        rmSync(path)
        change()
        await recover()
        expect(journal.record('file-1')).toMatchObject({
          status: 'abandoned',
          reason: 'the saved copy is no longer there; picked up again',
        })
        expect(server.tree.exists('inbox/a.xml')).toBe(true)
        expect(server.sent('remove')).toEqual([])
      },
    )
  })

  it("leaves other profiles' files, finished ones, and those a pickup in this process is working on", async () => {
    await listed('other-profile', 'p2')
    await saved(local('a.xml'), 'done')
    await journal.append({ step: 'deleted', id: 'done', at: 4 })
    await listed('running')
    journal.journal.working('running')
    const part = local('.mailroom-running.part', 'in flight')
    expect(await recover()).toBe(0)
    expect(journal.record('other-profile')).toMatchObject({ status: 'listed' })
    expect(journal.record('running')).toMatchObject({ status: 'listed' })
    expect(existsSync(part)).toBe(true)
    expect(partPath(folder, 'running')).toBe(part)
  })
})
