import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { downloadFile } from '../../../../../src/main/core/transfer/engine/download-file'
import { PartialDownload } from '../../../../../src/main/core/transfer/engine/in-order-writer'
import { at, MemorySftpServer, type LoggedRequest } from '../../../../fixtures/memory-sftp-session'

const MIB = 1024 * 1024
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

describe('downloadFile', () => {
  let folder: string
  let server: MemorySftpServer
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-download-'))
    server = new MemorySftpServer()
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  /** A file of random bytes on the server. */
  const serverFile = (path: string, size: number) => {
    const content = randomBytes(size)
    server.tree.addFile(path, content, 1_700_000_000_000)
    return content
  }
  const opsOn = (path: string, connection = 1) =>
    server.requests.filter((request) => request.path === path && request.connection === connection)

  it('saves every byte, and returns their SHA-256 and the file as the server held it after the reads', async () => {
    const content = serverFile('in/a.bin', 3 * MIB + 123)
    const local = join(folder, 'a.bin')
    const progress: Array<[number, number]> = []
    const result = await downloadFile(server.connect(), at('in/a.bin'), local, {
      onProgress: (done, total) => progress.push([done, total]),
    })
    expect(readFileSync(local).equals(content)).toBe(true)
    expect(result).toEqual({
      size: content.length,
      sha256: sha256(content),
      after: { kind: 'file', size: content.length, modifiedAt: 1_700_000_000_000 },
    })
    expect(progress.at(-1)).toEqual([content.length, content.length])
    const done = progress.map(([bytes]) => bytes)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    expect(server.openHandles).toBe(0)
  })

  it('sends the FSTAT on the handle right behind the last read, while the reads are in flight, and never a STAT by path', async () => {
    serverFile('in/b.bin', 3 * MIB)
    await downloadFile(server.connect(), at('in/b.bin'), join(folder, 'b.bin'), {
      listedSize: 3 * MIB,
    })
    const ops = opsOn('in/b.bin')
    // Listed size known: the reads start at once, with no FSTAT before them.
    expect(ops.map((request) => request.op).slice(0, 2)).toEqual(['open', 'read'])
    const fstats = ops.flatMap((request, index) => (request.op === 'fstat' ? [index] : []))
    expect(fstats).toHaveLength(1)
    const fstatAt = fstats[0] ?? -1
    const reads = ops.filter((request) => request.op === 'read')
    const lastRead = reads.reduce((last, read) =>
      (read.position ?? 0) > (last.position ?? 0) ? read : last,
    )
    expect(ops[fstatAt - 1]).toBe(lastRead)
    expect(ops.slice(fstatAt + 1).map((request) => request.op)).toEqual(['close'])
    // Sent before the last block's reads were answered: it cost no round trip of its own.
    expect(ops[fstatAt]?.sentAt).toBeLessThan(lastRead.answeredAt ?? 0)
    expect(server.sent('stat')).toEqual([])
  })

  it('asks the size with an FSTAT first when no listing gave it', async () => {
    const content = serverFile('in/c.bin', 100_000)
    const result = await downloadFile(server.connect(), at('in/c.bin'), join(folder, 'c.bin'))
    expect(result.size).toBe(content.length)
    expect(opsOn('in/c.bin').map((request) => request.op)).toEqual([
      'open',
      'fstat',
      'read',
      'read',
      'read',
      'read',
      'fstat',
      'close',
    ])
  })

  it('checks an empty file with an FSTAT on the handle too, and reads nothing', async () => {
    serverFile('in/empty.txt', 0)
    const result = await downloadFile(server.connect(), at('in/empty.txt'), join(folder, 'e'), {
      listedSize: 0,
    })
    expect(result).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) })
    expect(opsOn('in/empty.txt').map((request) => request.op)).toEqual(['open', 'fstat', 'close'])
    expect(readFileSync(join(folder, 'e'))).toHaveLength(0)
  })

  it('keeps one request of at most 32 KiB in flight in conservative mode, and checks with an FSTAT on the handle', async () => {
    server = new MemorySftpServer(undefined, { readBytes: 255 * 1024, writeBytes: 255 * 1024 })
    const content = serverFile('in/d.bin', 300_000)
    const session = server.connect({ conservative: true })
    const result = await downloadFile(session, at('in/d.bin'), join(folder, 'd.bin'), {
      listedSize: content.length,
    })
    expect(result.sha256).toBe(sha256(content))
    expect(session.mostInFlight).toBe(1)
    const ops = opsOn('in/d.bin')
    expect(Math.max(...ops.map((request) => request.length ?? 0))).toBeLessThanOrEqual(32 * 1024)
    expect(ops.slice(-2).map((request) => request.op)).toEqual(['fstat', 'close'])
    expect(server.sent('stat')).toEqual([])
  })

  it('resumes after a dropped connection from the bytes the attempt before saved, with one SHA-256 over all', async () => {
    const content = serverFile('in/f.bin', 5 * MIB)
    const local = join(folder, 'f.bin')
    const partial = new PartialDownload()
    server.faults.dropAfterBytes = 2 * MIB + 5_000
    await expect(
      downloadFile(server.connect(), at('in/f.bin'), local, {
        listedSize: content.length,
        partial,
      }),
    ).rejects.toMatchObject({ kind: 'connection-lost' })
    const saved = partial.savedBytes
    expect(partial.started).toBe(true)
    expect(saved).toBeGreaterThan(0)
    expect(saved).toBeLessThan(content.length)
    expect(existsSync(local)).toBe(true)

    const result = await downloadFile(server.connect(), at('in/f.bin'), local, {
      listedSize: content.length,
      partial,
    })
    expect(result.sha256).toBe(sha256(content))
    expect(readFileSync(local).equals(content)).toBe(true)
    const again = opsOn('in/f.bin', 2).filter((request) => request.op === 'read')
    expect(Math.min(...again.map((request) => request.position ?? 0))).toBe(saved)
  })

  it('fails verify-failed, closing the file, when the file became shorter while it was read', async () => {
    serverFile('in/g.bin', 4 * MIB)
    server.faults.shrink = { path: 'in/g.bin', afterBytes: MIB, toSize: 1.5 * MIB }
    await expect(
      downloadFile(server.connect(), at('in/g.bin'), join(folder, 'g.bin'), {
        listedSize: 4 * MIB,
      }),
    ).rejects.toMatchObject({
      kind: 'verify-failed',
      message: `"in/g.bin" on ${server.host} became shorter while it was read.`,
    })
    expect(server.openHandles).toBe(0)
  })

  it('stops when cancelled, and closes the file on the server', async () => {
    // Larger than all a download may have asked for by its first write: on a busy machine the
    // open's round trip looks long and brings 4 lanes, 17 buffers of 1 MiB (an 8 MiB file was
    // then wholly asked for before the cancel, and this failed now and then).
    serverFile('in/h.bin', 64 * MIB)
    // That busy machine, every time: a slow open, so the most lanes.
    server.faults.delay = (request) => (request.op === 'open' ? 60 : 0)
    const controller = new AbortController()
    await expect(
      downloadFile(server.connect(), at('in/h.bin'), join(folder, 'h.bin'), {
        listedSize: 64 * MIB,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).rejects.toMatchObject({ kind: 'cancelled' })
    expect(server.openHandles).toBe(0)
    expect(server.sent('read').length).toBeLessThan((64 * MIB) / (32 * 1024) / 2)
  })

  it('never replaces a local file: one already there fails, untouched, and nothing is read', async () => {
    serverFile('in/i.bin', 1_000)
    const local = join(folder, 'i.bin')
    writeFileSync(local, 'mine')
    await expect(
      downloadFile(server.connect(), at('in/i.bin'), local, { listedSize: 1_000 }),
    ).rejects.toMatchObject({ kind: 'already-exists' })
    expect(readFileSync(local, 'utf8')).toBe('mine')
    expect(server.sent('read')).toEqual([])
    expect(server.openHandles).toBe(0)
  })

  describe('over a long round trip', () => {
    const openTakes = (ms: number) => (request: LoggedRequest) =>
      request.op === 'open' && request.channel === 0 ? ms : request.op === 'read' ? 2 : 0

    it('reads a large file over extra channels too, and closes the handle on each', async () => {
      const content = serverFile('in/big.bin', 12 * MIB)
      // 30 ms: three lanes wanted (one carries ~1 MiB a round trip; 80 MiB/s aimed at).
      server.faults.delay = openTakes(30)
      const result = await downloadFile(server.connect(), at('in/big.bin'), join(folder, 'big'), {
        listedSize: content.length,
      })
      expect(result.sha256).toBe(sha256(content))
      const channels = (op: string) =>
        new Set(server.sent(op as LoggedRequest['op']).map((request) => request.channel))
      expect(channels('open')).toEqual(new Set([0, 1, 2]))
      expect(channels('read')).toEqual(new Set([0, 1, 2]))
      expect(channels('close')).toEqual(new Set([0, 1, 2]))
      expect(server.openHandles).toBe(0)
    })

    it('opens no extra channel for a file too small to gain from one', async () => {
      serverFile('in/small.bin', 3 * MIB)
      server.faults.delay = openTakes(60)
      await downloadFile(server.connect(), at('in/small.bin'), join(folder, 'small'), {
        listedSize: 3 * MIB,
      })
      expect(server.requests.every((request) => request.channel === 0)).toBe(true)
    })

    it('closes at once the handle of an extra channel that opened after the download was done', async () => {
      const content = serverFile('in/late.bin', 12 * MIB)
      let letExtraOpen = () => {}
      const extraOpen = new Promise<void>((resolve) => (letExtraOpen = resolve))
      server.faults.delay = (request) =>
        request.op === 'open' ? (request.channel === 0 ? 30 : extraOpen) : 0
      const result = await downloadFile(server.connect(), at('in/late.bin'), join(folder, 'late'), {
        listedSize: content.length,
      })
      expect(result.sha256).toBe(sha256(content))
      letExtraOpen()
      const late = server.requests.filter((request) => request.channel > 0)
      expect(late.length).toBeGreaterThan(0)
      await vi.waitFor(() =>
        expect(late.every((request) => request.answeredAt !== undefined)).toBe(true),
      )
      await vi.waitFor(() => expect(server.openHandles).toBe(0))
      const extra = server.requests.filter((request) => request.channel > 0)
      expect(extra.filter((request) => request.op === 'read')).toEqual([])
      expect(extra.filter((request) => request.op === 'close')).toHaveLength(late.length)
      expect(late.every((request) => request.op === 'open')).toBe(true)
    })

    it('carries on over its own channel when the server refuses extra ones', async () => {
      const content = serverFile('in/alone.bin', 12 * MIB)
      server.faults.delay = openTakes(30)
      server.faults.extraChannels = 0
      const result = await downloadFile(server.connect(), at('in/alone.bin'), join(folder, 'a'), {
        listedSize: content.length,
      })
      expect(result.sha256).toBe(sha256(content))
      expect(server.requests.every((request) => request.channel === 0)).toBe(true)
    })
  })
})
