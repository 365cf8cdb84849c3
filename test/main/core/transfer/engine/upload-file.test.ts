import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { uploadFile } from '../../../../../src/main/core/transfer/engine/upload-file'
import { at, MemorySftpServer } from '../../../../fixtures/memory-sftp-session'

const MIB = 1024 * 1024

describe('uploadFile', () => {
  let folder: string
  let server: MemorySftpServer
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-upload-'))
    server = new MemorySftpServer()
    server.tree.addFolder('input')
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  const localFile = (name: string, content: Buffer) => {
    const path = join(folder, name)
    writeFileSync(path, content)
    return path
  }

  it('writes the file in order, on one handle of its own channel, and reports progress up to the whole', async () => {
    const content = randomBytes(3 * MIB + 7)
    const progress: Array<[number, number]> = []
    const sent = await uploadFile(
      server.connect(),
      localFile('a.bin', content),
      at('input/a.bin'),
      {
        onProgress: (done, total) => progress.push([done, total]),
      },
    )
    expect(sent).toBe(content.length)
    expect(server.tree.content('input/a.bin')?.equals(content)).toBe(true)
    const ops = server.requests.map((request) => request.op)
    expect(ops[0]).toBe('open')
    expect(ops.at(-1)).toBe('close')
    expect(new Set(ops.slice(1, -1))).toEqual(new Set(['write']))
    expect(server.requests.every((request) => request.channel === 0)).toBe(true)
    // In file order as sent, with no gap: a watcher on the server never sees a hole.
    let next = 0
    for (const write of server.sent('write')) {
      expect(write.position).toBe(next)
      next += write.length ?? 0
    }
    expect(next).toBe(content.length)
    expect(progress.at(-1)).toEqual([content.length, content.length])
    const done = progress.map(([bytes]) => bytes)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    expect(server.openHandles).toBe(0)
  })

  it('replaces what an earlier attempt left at the name, and sends no SETSTAT or STAT', async () => {
    server.tree.addFile('input/b.txt', 'a longer partial copy from before')
    await uploadFile(server.connect(), localFile('b.txt', Buffer.from('new')), at('input/b.txt'))
    expect(server.tree.content('input/b.txt')?.toString()).toBe('new')
    expect(server.requests.map((request) => request.op)).toEqual(['open', 'write', 'close'])
  })

  it('creates an empty file for an empty one', async () => {
    const sent = await uploadFile(server.connect(), localFile('e', Buffer.alloc(0)), at('input/e'))
    expect(sent).toBe(0)
    expect(server.tree.content('input/e')).toEqual(Buffer.alloc(0))
    expect(server.requests.map((request) => request.op)).toEqual(['open', 'close'])
  })

  it('keeps one write of at most 32 KiB in flight in conservative mode', async () => {
    server = new MemorySftpServer(undefined, { readBytes: 255 * 1024, writeBytes: 255 * 1024 })
    server.tree.addFolder('input')
    const content = randomBytes(200_000)
    const session = server.connect({ conservative: true })
    await uploadFile(session, localFile('c.bin', content), at('input/c.bin'))
    expect(server.tree.content('input/c.bin')?.equals(content)).toBe(true)
    expect(session.mostInFlight).toBe(1)
    expect(Math.max(...server.sent('write').map((write) => write.length ?? 0))).toBe(32 * 1024)
  })

  it('fails with its own message when the local file shrinks while it is sent, and closes the file', async () => {
    const path = localFile('d.bin', randomBytes(8 * MIB))
    let shrunk = false
    await expect(
      uploadFile(server.connect(), path, at('input/d.bin'), {
        onProgress: () => {
          if (shrunk) return
          shrunk = true
          truncateSync(path, MIB)
        },
      }),
    ).rejects.toMatchObject({
      kind: 'local-io',
      message: `${path} changed while it was being sent. Send it again once it is complete.`,
    })
    expect(server.openHandles).toBe(0)
  })

  it('stops when cancelled, and closes the file on the server', async () => {
    const controller = new AbortController()
    await expect(
      uploadFile(server.connect(), localFile('f.bin', randomBytes(8 * MIB)), at('input/f.bin'), {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).rejects.toMatchObject({ kind: 'cancelled' })
    expect(server.openHandles).toBe(0)
    expect(server.sent('write').length).toBeLessThan((8 * MIB) / (32 * 1024))
  })

  it('cancelled before it started opens nothing on the server', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      uploadFile(server.connect(), localFile('g', Buffer.from('x')), at('input/g'), {
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ kind: 'cancelled' })
    expect(server.requests).toEqual([])
  })

  it('names the local file that cannot be read, and opens nothing on the server', async () => {
    const missing = join(folder, 'missing.pdf')
    await expect(uploadFile(server.connect(), missing, at('input/x.pdf'))).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining(JSON.stringify(missing)),
    })
    expect(server.requests).toEqual([])
  })

  it('fails connection-lost when the link drops mid-file', async () => {
    server.faults.dropAfterBytes = MIB
    await expect(
      uploadFile(server.connect(), localFile('h.bin', randomBytes(4 * MIB)), at('input/h.bin')),
    ).rejects.toMatchObject({ kind: 'connection-lost' })
  })
})
