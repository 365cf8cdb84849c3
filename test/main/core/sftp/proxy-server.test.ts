import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { connectToProxy, proxyLabel } from '../../../../src/main/core/sftp/proxy-server'

/** A port nothing listens on: one a server had a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('connectToProxy', () => {
  it('connects, the socket tuned as any SSH socket', async () => {
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const { socket } = await connectToProxy(
      'socks5',
      { host: '127.0.0.1', port },
      new AbortController().signal,
    )
    expect(socket.remotePort).toBe(port)
    socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })

  it('names the proxy that is down', async () => {
    const port = await closedPort()
    await expect(
      connectToProxy('http', { host: '127.0.0.1', port }, new AbortController().signal),
    ).rejects.toMatchObject({
      kind: 'connection-failed',
      message: `The HTTP proxy 127.0.0.1 port ${port} refused the connection: is it running? Check its host and port, or ask IT.`,
      detail: { route: 'proxy', proxyKind: 'http', proxyAnswer: 'ECONNREFUSED' },
    })
  })

  it('ends the attempt when it is given up', async () => {
    const giveUp = new AbortController()
    giveUp.abort(new Error('time is up'))
    await expect(
      connectToProxy('socks5', { host: '127.0.0.1', port: 9 }, giveUp.signal),
    ).rejects.toThrow('time is up')
    expect(proxyLabel('socks5', { host: 'p', port: 1 })).toBe('the SOCKS5 proxy p port 1')
  })
})
