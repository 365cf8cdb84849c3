import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client, SFTPWrapper } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SftpSession } from '../../src/main/core/sftp/sftp-session'
import { remotePath } from '../../src/shared/remote-path'
import { startLatencyProxy, type LatencyProxy } from '../fixtures/latency-proxy'
import { startProftpd, type TestProftpd } from '../fixtures/proftpd-server'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'
import { openTrustingSession } from '../fixtures/trusting-session'
import { downloadFile } from '../../src/main/core/transfer/engine/download-file'
import { PartialDownload } from '../../src/main/core/transfer/engine/in-order-writer'
import { uploadFile } from '../../src/main/core/transfer/engine/upload-file'

const MIB = 1024 * 1024
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const path = (text: string) => remotePath.parse(text)

/** Counts the requests of `method` in flight on one channel: now, at most, and all so far. */
function countRequests(sftp: SFTPWrapper, method: 'read' | 'write') {
  const counts = { now: 0, most: 0, total: 0, largest: 0 }
  const original = sftp[method].bind(sftp) as (...args: unknown[]) => void
  ;(sftp as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    counts.now += 1
    counts.total += 1
    counts.most = Math.max(counts.most, counts.now)
    counts.largest = Math.max(counts.largest, args[3] as number)
    const callback = args[5] as (...results: unknown[]) => void
    original(...args.slice(0, 5), (...results: unknown[]) => {
      counts.now -= 1
      callback(...results)
    })
  }
  return counts
}

/** Test-only: the session's own channel, and the reads on every channel it opens later. */
function readsPerChannel(session: SftpSession) {
  const internals = session as unknown as { sftp: SFTPWrapper; client: Client }
  const channels = [countRequests(internals.sftp, 'read')]
  const open = internals.client.sftp.bind(internals.client)
  internals.client.sftp = ((callback: (error: Error | undefined, sftp: SFTPWrapper) => void) =>
    open((error, sftp) => {
      if (!error) channels.push(countRequests(sftp, 'read'))
      callback(error, sftp)
    })) as Client['sftp']
  return channels
}

describe('large downloads over a 50 ms round trip: several channels', () => {
  let server: TestSshd
  let proxy: LatencyProxy
  let local: string
  const far = () => ({ ...server, host: proxy.host, port: proxy.port })

  beforeAll(async () => {
    server = await startSshd()
    proxy = await startLatencyProxy({
      targetHost: server.host,
      targetPort: server.port,
      delayMs: 25,
    })
    local = mkdtempSync(join(tmpdir(), 'mailroom-large-'))
  })
  afterAll(async () => {
    await proxy?.stop()
    await server?.stop()
    rmSync(local, { recursive: true, force: true })
  })

  it('reads one file over several channels at once, byte for byte', async () => {
    const content = randomBytes(24 * MIB + 5)
    server.writeFile('far/archive.bin', content)
    const session = await openTrustingSession(far())
    try {
      const channels = readsPerChannel(session)
      const target = join(local, 'archive.bin')
      const received = await downloadFile(session, path('far/archive.bin'), target)
      expect(received.sha256).toBe(sha(content))
      expect(sha(readFileSync(target))).toBe(sha(content))
      const used = channels.filter((channel) => channel.total > 0)
      expect(used.length).toBeGreaterThan(1)
      // The channels opened for it stay for the next file: no new ones.
      const again = await downloadFile(session, path('far/archive.bin'), join(local, 'again.bin'))
      expect(again.sha256).toBe(sha(content))
      expect(channels.length).toBe(used.length)
    } finally {
      session.close()
    }
  })

  it('resumes after a cut from the bytes it saved, over several channels again', async () => {
    const content = randomBytes(40 * MIB)
    server.writeFile('far/cut.bin', content)
    const target = join(local, 'cut.bin')
    const partial = new PartialDownload()
    const first = await openTrustingSession(far())
    let cutAt: number | undefined
    const attempt = downloadFile(first, path('far/cut.bin'), target, {
      onProgress: (saved) => {
        if (cutAt === undefined && saved >= 12 * MIB) {
          cutAt = saved
          proxy.dropConnections()
        }
      },
      listedSize: content.length,
      partial,
    })
    await expect(attempt).rejects.toMatchObject({ kind: 'connection-lost' })
    first.close()
    expect(partial.savedBytes).toBeGreaterThanOrEqual(cutAt ?? Infinity)

    const second = await openTrustingSession(far())
    try {
      const channels = readsPerChannel(second)
      let resumedAt: number | undefined
      const received = await downloadFile(second, path('far/cut.bin'), target, {
        onProgress: (saved) => (resumedAt ??= saved),
        listedSize: content.length,
        partial,
      })
      expect(resumedAt).toBeGreaterThanOrEqual(cutAt ?? Infinity)
      expect(received.sha256).toBe(sha(content))
      expect(sha(readFileSync(target))).toBe(sha(content))
      expect(channels.filter((channel) => channel.total > 0).length).toBeGreaterThan(1)
    } finally {
      second.close()
    }
  })
})

describe('ProFTPD (32 KiB requests): the bytes in flight, not the request count', () => {
  let server: TestProftpd
  let local: string

  beforeAll(async () => {
    server = await startProftpd({ folders: ['input'] })
    local = mkdtempSync(join(tmpdir(), 'mailroom-large-proftpd-'))
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(local, { recursive: true, force: true })
  })

  it('keeps about 2 MiB of reads in flight, and 4 MiB of writes, byte for byte', async () => {
    const content = randomBytes(16 * MIB + 3)
    server.writeFile('pickup/big.bin', content)
    const session = await openTrustingSession(server)
    try {
      const sftp = (session as unknown as { sftp: SFTPWrapper }).sftp
      const reads = countRequests(sftp, 'read')
      const target = join(local, 'big.bin')
      const received = await downloadFile(session, path('pickup/big.bin'), target)
      expect(received.sha256).toBe(sha(content))
      expect(sha(readFileSync(target))).toBe(sha(content))
      expect(reads.largest).toBeLessThanOrEqual(32 * 1024)
      expect(reads.most * reads.largest).toBeGreaterThanOrEqual(1.5 * MIB)

      const writes = countRequests(sftp, 'write')
      const source = join(local, 'upload.bin')
      writeFileSync(source, content)
      await uploadFile(session, source, path('input/upload.bin'))
      expect(sha(readFileSync(join(server.jail, 'input/upload.bin')))).toBe(sha(content))
      expect(writes.largest).toBeLessThanOrEqual(32 * 1024)
      // 4 MiB are aimed at; the peak seen depends on how fast the next block is read from disk
      // (2.93 MiB once with the suite loading both cores). 16 requests of 32 KiB, counting
      // requests instead of bytes, would keep 0.5 MiB.
      expect(writes.most * writes.largest).toBeGreaterThanOrEqual(2 * MIB)
    } finally {
      session.close()
    }
  })
})
