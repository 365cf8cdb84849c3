import { once } from 'node:events'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { ProxyReader } from '../../../../src/main/core/sftp/proxy-reader'

describe('ProxyReader', () => {
  let server: Server | undefined
  afterEach(() => server?.close())

  /** A connected pair: our socket and the peer's. */
  async function pair(): Promise<[Socket, Socket]> {
    server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const accepted = once(server, 'connection') as Promise<[Socket]>
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1')
    const [peer] = await accepted
    return [socket, peer]
  }
  const closed = () => new MailroomError('connection-failed', 'the proxy hung up')

  it('reads exactly what an answer holds and gives back what came after it, first', async () => {
    const [socket, peer] = await pair()
    const reader = new ProxyReader(socket, closed)
    peer.write(Buffer.from([5, 0]))
    expect([...(await reader.read(2))]).toEqual([5, 0])
    // The answer's end and the server's greeting in one write, as a proxy may send them.
    peer.write('HTTP/1.1 200 OK\r\n\r\nSSH-2.0-server\r\n')
    const head = await reader.readThrough('\r\n\r\n', 1024, closed)
    expect(head.toString()).toBe('HTTP/1.1 200 OK\r\n\r\n')
    reader.finish()
    expect(socket.isPaused()).toBe(true)
    const chunks: string[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
    socket.resume()
    await new Promise((resolve) => setTimeout(resolve, 20))
    peer.write('more')
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(chunks.join('')).toBe('SSH-2.0-server\r\nmore')
    socket.destroy()
    peer.destroy()
  })

  it('fails with what the proxy hanging up means, and on an answer that never ends', async () => {
    const [socket, peer] = await pair()
    const reader = new ProxyReader(socket, closed)
    peer.write('x'.repeat(40))
    await expect(
      reader.readThrough('\r\n\r\n', 16, () => new MailroomError('connection-failed', 'too long')),
    ).rejects.toThrow('too long')
    const waiting = reader.read(100)
    peer.end()
    await expect(waiting).rejects.toThrow('the proxy hung up')
    socket.destroy()
  })
})
