import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SFTPWrapper } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SftpSession } from '../../src/main/core/sftp/sftp-session'
import type { Transfer, TransferId } from '../../src/shared/domain'
import { remotePath } from '../../src/shared/remote-path'
import { connectedMailroom, valueOf } from '../fixtures/connected-mailroom'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'
import { openTrustingSession } from '../fixtures/trusting-session'
import { downloadFile } from '../../src/main/core/transfer/engine/download-file'

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/** Counts the reads and READDIRs a session has in flight at once, and the largest read asked. */
function countRequests(session: SftpSession) {
  // Test-only: the SFTP channel the session keeps to itself.
  const sftp = (session as unknown as { sftp: SFTPWrapper }).sftp
  const counts = { reads: 0, mostReads: 0, largestRead: 0, readdirs: 0, mostReaddirs: 0 }
  const read = sftp.read.bind(sftp)
  sftp.read = ((handle, buffer, offset, length, position, callback) => {
    counts.reads += 1
    counts.mostReads = Math.max(counts.mostReads, counts.reads)
    counts.largestRead = Math.max(counts.largestRead, length)
    return read(handle, buffer, offset, length, position, (...args) => {
      counts.reads -= 1
      callback(...args)
    })
  }) as SFTPWrapper['read']
  const readdir = sftp.readdir.bind(sftp) as (
    handle: Buffer,
    callback: (...args: unknown[]) => void,
  ) => void
  ;(sftp as unknown as { readdir: typeof readdir }).readdir = (handle, callback) => {
    counts.readdirs += 1
    counts.mostReaddirs = Math.max(counts.mostReaddirs, counts.readdirs)
    readdir(handle, (...args) => {
      counts.readdirs -= 1
      callback(...args)
    })
  }
  return counts
}

describe('conservative mode: one small request at a time, one file at a time', () => {
  let server: TestSshd
  beforeAll(async () => {
    server = await startSshd()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it.each([false, true])(
    'conservative %s: requests in flight and their size, byte-identical either way',
    async (conservative) => {
      const content = randomBytes(3 * 1024 * 1024 + 17)
      server.writeFile(`conservative-${conservative}/big.bin`, content)
      for (let index = 0; index < 250; index += 1)
        server.writeFile(`conservative-${conservative}/list/${index}.txt`, '')
      const session = await openTrustingSession(server, { conservative })
      const local = mkdtempSync(join(tmpdir(), 'mailroom-conservative-'))
      try {
        const counts = countRequests(session)
        const received = await downloadFile(
          session,
          remotePath.parse(`conservative-${conservative}/big.bin`),
          join(local, 'big.bin'),
        )
        expect(received.sha256).toBe(sha(content))
        expect(sha(readFileSync(join(local, 'big.bin')))).toBe(sha(content))
        const listed = await session.list(remotePath.parse(`conservative-${conservative}/list`))
        expect(listed).toHaveLength(250)
        if (conservative) {
          expect(counts.mostReads).toBe(1)
          expect(counts.largestRead).toBeLessThanOrEqual(32 * 1024)
          expect(counts.mostReaddirs).toBe(1)
        } else {
          expect(counts.mostReads).toBeGreaterThan(1)
          expect(counts.mostReaddirs).toBeGreaterThan(1)
        }
      } finally {
        session.close()
        rmSync(local, { recursive: true, force: true })
      }
    },
  )

  it('a conservative profile picks up one file at a time, through dispatch', async () => {
    for (let index = 0; index < 12; index += 1)
      server.writeFile(`conservative-profile/${index}.edi`, randomBytes(20_000))
    const connected = await connectedMailroom(server, {
      conservative: true,
      minFileAgeSeconds: 0,
    })
    const local = mkdtempSync(join(tmpdir(), 'mailroom-conservative-'))
    try {
      await connected.open()
      const running = new Set<string>()
      let most = 0
      connected.app.subscribe((event) => {
        if (event.name !== 'transfer:update') return
        if (event.payload.finishedAt === undefined && event.payload.state !== 'queued')
          running.add(event.payload.id)
        else running.delete(event.payload.id)
        most = Math.max(most, running.size)
      })
      const started = valueOf<{ transferIds: TransferId[] }>(
        await connected.app.dispatch('transfer:pickup', {
          profileId: connected.profile.id,
          mailboxPath: 'conservative-profile',
          localFolder: local,
        }),
      )
      for (let attempt = 0; attempt < 600; attempt += 1) {
        const all = valueOf<Transfer[]>(await connected.app.dispatch('transfer:list', {}))
        if (all.filter((t) => t.state === 'done').length === started.transferIds.length) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const all = valueOf<Transfer[]>(await connected.app.dispatch('transfer:list', {}))
      expect(all.map((transfer) => transfer.state)).toEqual(all.map(() => 'done'))
      expect(started.transferIds).toHaveLength(12)
      expect(most).toBe(1)
    } finally {
      await connected.close()
      rmSync(local, { recursive: true, force: true })
    }
  })
})
