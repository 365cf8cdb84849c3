import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger, type Logger } from '../../../../src/main/core/logging/logger'
import {
  finishOnServer,
  type FinishContext,
} from '../../../../src/main/core/pickup/finish-on-server'
import { MemorySftpServer } from '../../../fixtures/memory-sftp-session'
import { journalOnDisk } from '../../../fixtures/journal-on-disk'

const MODIFIED = 1_700_000_000_000

describe('finishOnServer', () => {
  let journal: ReturnType<typeof journalOnDisk>
  let server: MemorySftpServer
  const infos: Array<{ message: string; fields: unknown }> = []
  const logger: Logger = {
    ...silentLogger,
    info: (message, fields) => infos.push({ message, fields }),
  }
  beforeEach(() => {
    journal = journalOnDisk()
    server = new MemorySftpServer()
    infos.length = 0
  })
  afterEach(() => journal.close())

  /** A file picked up and saved locally: on the server as listed, its record at 'saved'. */
  const saved = async (remotePath: string, id = 'file-1') => {
    server.tree.addFile(remotePath, 'twelve bytes', MODIFIED)
    await journal.append(
      {
        step: 'listed',
        id,
        profileId: 'p1',
        remotePath,
        size: 12,
        modifiedAt: MODIFIED,
        localFolder: '/in',
        at: 1,
      },
      { step: 'verified', id, sha256: 'sha', at: 2 },
      { step: 'saved', id, localPath: '/in/x', sha256: 'sha', at: 3 },
    )
    return { id, remotePath, size: 12, modifiedAt: MODIFIED }
  }
  const finish = (record: Awaited<ReturnType<typeof saved>>, keepOnServer = false) => {
    const context: FinishContext = { journal: journal.journal, logger, keepOnServer }
    return finishOnServer(context, server.connect(), record)
  }

  it('deletes the server copy when it is still the file listed, and journals that', async () => {
    const record = await saved('inbox/a.xml')
    await finish(record)
    expect(server.tree.exists('inbox/a.xml')).toBe(false)
    expect(journal.record('file-1')).toMatchObject({ status: 'deleted' })
    expect(server.requests.map((request) => `${request.op} ${request.path}`)).toEqual([
      'stat inbox/a.xml',
      'remove inbox/a.xml',
    ])
  })

  it('keeps it, asking the server nothing, when the profile keeps files on the server', async () => {
    const record = await saved('inbox/a.xml')
    await finish(record, true)
    expect(server.tree.exists('inbox/a.xml')).toBe(true)
    expect(server.requests).toEqual([])
    expect(journal.record('file-1')).toMatchObject({
      status: 'kept',
      reason: 'kept on the server as chosen',
    })
  })

  it('counts a file already gone as deleted', async () => {
    const record = await saved('inbox/a.xml')
    server.tree.remove('inbox/a.xml')
    await finish(record)
    expect(journal.record('file-1')).toMatchObject({ status: 'deleted' })
    expect(server.sent('remove')).toEqual([])
  })

  it.each([
    ['a different size', () => server.tree.addFile('inbox/a.xml', 'a longer new file', MODIFIED)],
    ['a different time', () => server.tree.addFile('inbox/a.xml', 'twelve bytes', MODIFIED + 1000)],
  ])('leaves a file that replaced it (%s), and journals why', async (_label, replace) => {
    const record = await saved('inbox/a.xml')
    replace()
    await finish(record)
    expect(server.tree.exists('inbox/a.xml')).toBe(true)
    expect(server.sent('remove')).toEqual([])
    expect(journal.record('file-1')).toMatchObject({
      status: 'kept',
      reason: 'a different file now has this name on the server',
    })
  })

  it('marks the file kept and says so when the server refuses the delete', async () => {
    const record = await saved('inbox/a.xml')
    server.faults.refuse = { op: 'remove', code: 3 }
    await expect(finish(record)).rejects.toMatchObject({
      kind: 'permission-denied',
      message: `"inbox/a.xml" was saved, but ${server.host} refused to delete it: it stays on the server, and is marked as picked up.`,
    })
    expect(journal.record('file-1')).toMatchObject({
      status: 'kept',
      reason: 'the server refused the delete',
    })
  })

  it('leaves the record at saved when the connection drops at the delete, for the next attempt', async () => {
    const record = await saved('inbox/a.xml')
    server.faults.dropAt = { op: 'remove', when: 'before' }
    await expect(finish(record)).rejects.toMatchObject({ kind: 'connection-lost' })
    expect(journal.record('file-1')).toMatchObject({ status: 'saved' })
  })

  it('removes the emptied AS2 Gateway message folder after its last file, never recursively', async () => {
    const first = await saved('inbox/20261123031500-1234/a.xml', 'file-1')
    const second = await saved('inbox/20261123031500-1234/b.xml', 'file-2')
    await finish(first)
    // b.xml is still there: the folder stays, and that is only noted.
    expect(server.tree.exists('inbox/20261123031500-1234')).toBe(true)
    expect(infos).toEqual([
      {
        message: 'Message folder not removed',
        fields: { folder: 'inbox/20261123031500-1234', reason: expect.any(String) },
      },
    ])
    await finish(second)
    expect(server.tree.exists('inbox/20261123031500-1234')).toBe(false)
    expect(server.sent('rmdir')).toHaveLength(2)
  })

  it('leaves a folder that is not a message folder', async () => {
    await finish(await saved('inbox/a.xml'))
    expect(server.tree.exists('inbox')).toBe(true)
    expect(server.sent('rmdir')).toEqual([])
  })
})
