import { openTrustingSession } from '../fixtures/trusting-session'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, connect, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { remotePath } from '../../src/shared/remote-path'
import { startLatencyProxy } from '../fixtures/latency-proxy'
import { startProftpd } from '../fixtures/proftpd-server'
import { ed25519KeyFile, startSshd } from '../fixtures/sshd-server'
import { lftp } from '../../bench/peers'
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

  it('the lftp peer picks up (deleting the server copies), sends, lists and fails loudly', async () => {
    const sshd = await startSshd()
    try {
      const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')
      const names = ['order-1.edi', 'order-2.edi', 'order-3.edi', 'order-4.edi', 'order-5.edi']
      const contents = new Map(names.map((name, index) => [name, randomBytes(10_000 + index)]))
      for (const [name, content] of contents) sshd.writeFile(`pickup/${name}`, content)
      const peer = lftp(mkdtempSync(join(local, 'lftp-scripts-')))
      const expectHolds = (folder: string) => {
        expect(readdirSync(folder).sort()).toEqual(names)
        for (const [name, content] of contents)
          expect(sha(readFileSync(join(folder, name)))).toBe(sha(content))
      }

      const arrived = mkdtempSync(join(local, 'lftp-arrived-'))
      await peer.run(sshd, sshd.clientKeyPath, {
        kind: 'pickup',
        remoteFolder: 'pickup',
        localFolder: arrived,
      })
      expectHolds(arrived)
      expect(readdirSync(join(sshd.jail, 'pickup'))).toEqual([])

      await peer.run(sshd, sshd.clientKeyPath, {
        kind: 'send',
        localFolder: arrived,
        remoteFolder: 'input',
      })
      expectHolds(join(sshd.jail, 'input'))

      const listing = await peer.run(sshd, sshd.clientKeyPath, {
        kind: 'list',
        remoteFolder: 'input',
      })
      expect(peer.countEntries(listing)).toBe(names.length)
      const empty = await peer.run(sshd, sshd.clientKeyPath, {
        kind: 'connect',
        emptyFolder: 'pickup',
      })
      expect(peer.countEntries(empty)).toBe(0)

      // A refused key must fail the run at once, not wait at a password prompt or retry.
      const refused = ed25519KeyFile(join(local, 'refused_ed25519'), 'not-authorized')
      await expect(
        peer.run(sshd, refused, { kind: 'connect', emptyFolder: 'pickup' }),
      ).rejects.toThrow(/Permission denied/)
      // So must a pickup from a folder that does not exist.
      await expect(
        peer.run(sshd, sshd.clientKeyPath, {
          kind: 'pickup',
          remoteFolder: 'no-such-folder',
          localFolder: arrived,
        }),
      ).rejects.toThrow(/No such file/)
    } finally {
      await sshd.stop()
    }
  })
})
