import { once } from 'node:events'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { openRoute } from '../../../../src/main/core/sftp/route'

describe('openRoute', () => {
  const server = createServer()
  afterEach(() => new Promise((resolve) => server.close(resolve)))

  it('connects straight to the host and port for the direct route', async () => {
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const accepted = once(server, 'connection') as Promise<[Socket]>
    const { socket, shareReadBuffer } = openRoute({ kind: 'direct' }, '127.0.0.1', port)
    const [peer] = await accepted
    await once(socket, 'connect')
    expect(socket.remotePort).toBe(port)
    expect(socket.remoteAddress).toBe('127.0.0.1')
    expect(typeof shareReadBuffer).toBe('function')
    const received = once(socket, 'data') as Promise<[Buffer]>
    peer.write('SSH-2.0-test\r\n')
    expect((await received)[0].toString()).toBe('SSH-2.0-test\r\n')
    socket.destroy()
    peer.destroy()
  })
})
