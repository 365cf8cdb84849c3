import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sendFiles, type SendRequest } from '../../../../../src/main/core/transfer/send/send-files'
import type { ProfileId, TransferId } from '../../../../../src/shared/domain'
import { at, MemorySftpServer, type LoggedRequest } from '../../../../fixtures/memory-sftp-session'
import { recordedQueue } from '../../../../fixtures/recorded-queue'
import { sendJournalInMemory } from '../../../../fixtures/send-journal-in-memory'

const profileId = 'profile-0001' as ProfileId

describe('sendFiles', () => {
  let folder: string
  let server: MemorySftpServer
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-send-files-'))
    server = new MemorySftpServer()
    server.tree.addFolder('out')
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  const files = (...names: string[]) =>
    names.map((name) => {
      const path = join(folder, name)
      mkdirSync(join(path, '..'), { recursive: true })
      writeFileSync(path, `content of ${name}`)
      return path
    })
  const send = async (request: Partial<SendRequest> & Pick<SendRequest, 'localPaths'>) => {
    const recorded = recordedQueue()
    const sending = sendJournalInMemory(server.source())
    const sent: Array<[string, TransferId]> = []
    const batch = await sendFiles({
      queue: recorded.queue,
      context: sending.context,
      profileId,
      remoteFolder: at('out'),
      strategy: 'direct',
      onSent: (path, id) => sent.push([path, id]),
      ...request,
    })
    const ids = batch.transferIds
    await recorded.queue.whenFinished(ids)
    await sending.journal.batchEnded(batch.uploadIds)
    return {
      ids,
      sent,
      transfers: ids.map((id) => recorded.transfer(id)),
      rows: batch.uploadIds.map((id) => sending.row(id)),
      sending,
    }
  }
  /** Whether any two files' uploads overlapped on the server (one opened before another closed). */
  const overlapped = () => {
    let open = 0
    let most = 0
    for (const request of server.requests as LoggedRequest[]) {
      if (request.op === 'open') open += 1
      if (request.op === 'close') open -= 1
      most = Math.max(most, open)
    }
    return most > 1
  }

  it('queues one upload per file into the folder, and tells each once it is on the server', async () => {
    const { ids, sent, transfers } = await send({ localPaths: files('a.edi', 'b.edi') })
    expect(
      transfers.map((transfer) => [
        transfer.name,
        transfer.remotePath,
        transfer.direction,
        transfer.state,
      ]),
    ).toEqual([
      ['a.edi', 'out/a.edi', 'upload', 'done'],
      ['b.edi', 'out/b.edi', 'upload', 'done'],
    ])
    expect(transfers[0]?.totalBytes).toBe('content of a.edi'.length)
    expect(server.tree.content('out/a.edi')?.toString()).toBe('content of a.edi')
    expect(server.tree.content('out/b.edi')?.toString()).toBe('content of b.edi')
    expect(sent.sort()).toEqual([
      ['out/a.edi', ids[0]],
      ['out/b.edi', ids[1]],
    ])
  })

  it('sends under the names given for the server, with the strategy given', async () => {
    await send({
      localPaths: files('a.edi'),
      remoteNames: ['a-2.edi'],
      strategy: 'temp-rename',
    })
    expect(server.tree.entries('out').map(([name]) => name)).toEqual(['a-2.edi'])
    expect(server.sent('posix-rename')).toHaveLength(1)
  })

  it('runs the files of a message one after another, and stops the rest when one does not arrive', async () => {
    server.tree.addFile('out/b.edi', 'already there')
    const { transfers, rows, sending } = await send({
      localPaths: files('a.edi', 'b.edi', 'c.edi'),
      sequential: true,
    })
    expect(transfers.map((transfer) => transfer.state)).toEqual(['done', 'failed', 'failed'])
    // The one never started ends in the journal with the batch, nothing of it anywhere.
    expect(rows.map((row) => row?.status)).toEqual(['sent', 'failed', 'failed'])
    expect(rows[2]?.outcome).toBe('not sent: it never started')
    expect(sending.journal.unfinished(profileId)).toEqual([])
    expect(transfers[2]?.error).toEqual({
      kind: 'cancelled',
      message: 'Not sent: b.edi, sent before it in the same message, did not arrive.',
    })
    expect(server.tree.exists('out/c.edi')).toBe(false)
    expect(overlapped()).toBe(false)
  })

  it('keeps to the files in flight asked for', async () => {
    await send({ localPaths: files('a', 'b', 'c', 'd'), filesInFlight: 1 })
    expect(server.tree.entries('out')).toHaveLength(4)
    expect(overlapped()).toBe(false)
  })

  it('queues nothing when one of the files cannot be sent', async () => {
    mkdirSync(join(folder, 'a folder'))
    const recorded = recordedQueue()
    const sending = sendJournalInMemory(server.source())
    await expect(
      sendFiles({
        queue: recorded.queue,
        context: sending.context,
        profileId,
        remoteFolder: at('out'),
        strategy: 'direct',
        localPaths: [...files('a.edi'), join(folder, 'a folder')],
      }),
    ).rejects.toMatchObject({ kind: 'invalid-input' })
    expect(recorded.queue.list()).toEqual([])
    expect(server.requests).toEqual([])
    expect(sending.journal.unfinished(profileId)).toEqual([])
  })

  it('queues every file in the send journal in one go before the first is on the server', async () => {
    const { rows } = await send({ localPaths: files('a.edi', 'b.edi') })
    expect(rows.map((row) => [row?.remotePath, row?.status, row?.size])).toEqual([
      ['out/a.edi', 'sent', 'content of a.edi'.length],
      ['out/b.edi', 'sent', 'content of b.edi'.length],
    ])
    const [a, b] = rows
    expect(a?.queuedAt).toBe(b?.queuedAt)
    expect(a?.queuedAt).toBeLessThanOrEqual(a?.startedAt ?? 0)
  })
})
