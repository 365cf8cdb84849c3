import { openTrustingSession } from '../fixtures/trusting-session'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, connect, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { remotePath } from '../../src/shared/remote-path'
import { startLatencyProxy } from '../fixtures/latency-proxy'
import { startProftpd } from '../fixtures/proftpd-server'
import { downloadFile } from '../../src/main/core/transfer/engine/download-file'

/** The benchmark's own fixtures (bench/): they must do what its numbers rely on. */
describe('benchmark fixtures', () => {
  const local = mkdtempSync(join(tmpdir(), 'mailroom-bench-fixtures-'))
  afterAll(() => rmSync(local, { recursive: true, force: true }))

  it('the latency proxy adds its delay each way, keeps order, counts and cuts connections', async () => {
    const echo: Server = createServer((socket) => socket.pipe(socket))
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()))
    const address = echo.address()
    if (typeof address !== 'object' || address === null) throw new Error('no port')
    const proxy = await startLatencyProxy({
      targetHost: '127.0.0.1',
      targetPort: address.port,
      delayMs: 25,
    })
    try {
      const socket = connect({ host: proxy.host, port: proxy.port, noDelay: true })
      await new Promise((resolve) => socket.once('connect', resolve))
      const received: Buffer[] = []
      socket.on('data', (chunk: Buffer) => received.push(chunk))
      const start = performance.now()
      for (let index = 0; index < 50; index += 1) socket.write(`${index};`)
      const expected = Array.from({ length: 50 }, (_, index) => `${index};`).join('')
      while (Buffer.concat(received).toString() !== expected) {
        expect(performance.now() - start).toBeLessThan(2000)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      expect(performance.now() - start).toBeGreaterThanOrEqual(45)
      expect(proxy.connectionsAccepted()).toBe(1)
      expect(proxy.openConnections()).toBe(1)

      const closed = new Promise((resolve) => socket.once('close', resolve))
      proxy.dropConnections()
      await closed
      expect(proxy.openConnections()).toBe(0)
      // Still accepting after the cut, and counting.
      const again = connect({ host: proxy.host, port: proxy.port })
      await new Promise((resolve) => again.once('connect', resolve))
      again.destroy()
      expect(proxy.connectionsAccepted()).toBe(2)
    } finally {
      await proxy.stop()
      await new Promise((resolve) => echo.close(resolve))
    }
  })

  it('ProFTPD serves a file that openSftpSession downloads byte-identical', async () => {
    const server = await startProftpd({ folders: ['pickup'] })
    try {
      const content = randomBytes(300 * 1024)
      server.writeFile('pickup/report.bin', content)
      const session = await openTrustingSession(server)
      try {
        const target = join(local, 'report.bin')
        await downloadFile(session, remotePath.parse('pickup/report.bin'), target)
        const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')
        expect(sha(readFileSync(target))).toBe(sha(content))
      } finally {
        session.close()
      }
      expect(server.acceptedLogins()).toBe(1)
    } finally {
      await server.stop()
    }
  })
})
