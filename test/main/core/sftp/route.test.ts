import { once } from 'node:events'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import {
  describeRoute,
  jumpHostsOf,
  openRoute,
  type Route,
} from '../../../../src/main/core/sftp/route'
import type { RouteContext } from '../../../../src/main/core/sftp/route-socket'

const context = (): RouteContext => ({
  verifyHostKey: async () => true,
  logger: silentLogger,
  signal: new AbortController().signal,
})

const key = { kind: 'key', privateKey: { type: 'ssh-ed25519', data: Buffer.alloc(0) } } as const
const hop = (host: string) => ({ host, port: 22, username: 'me', credentials: key })

describe('openRoute', () => {
  const server = createServer()
  afterEach(() => new Promise((resolve) => server.close(resolve)))

  it('connects straight to the host and port for the direct route', async () => {
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const accepted = once(server, 'connection') as Promise<[Socket]>
    const route = await openRoute({ kind: 'direct' }, '127.0.0.1', port, context())
    const socket = route.socket as Socket
    const [peer] = await accepted
    if (socket.connecting) await once(socket, 'connect')
    expect(socket.remotePort).toBe(port)
    expect(socket.remoteAddress).toBe('127.0.0.1')
    expect(typeof route.shareReadBuffer).toBe('function')
    const received = once(socket, 'data') as Promise<[Buffer]>
    peer.write('SSH-2.0-test\r\n')
    expect((await received)[0].toString()).toBe('SSH-2.0-test\r\n')
    route.close()
    expect(socket.destroyed).toBe(true)
    peer.destroy()
  })

  it("asks the system's proxy for the host at every open, and goes as it answers", async () => {
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const asked: string[] = []
    const route: Route = {
      kind: 'system',
      resolveProxy: async (host, at) => {
        asked.push(`${host}:${at}`)
        return asked.length === 1 ? 'DIRECT' : 'HTTPS proxy.corp:443'
      },
    }
    const opened = await openRoute(route, '127.0.0.1', port, context())
    opened.close()
    await expect(openRoute(route, '127.0.0.1', port, context())).rejects.toMatchObject({
      kind: 'not-supported',
      message: expect.stringContaining('an HTTPS proxy (proxy.corp:443)'),
    })
    expect(asked).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`])
  })

  it("says so when the system's proxy settings cannot be read", async () => {
    const route: Route = {
      kind: 'system',
      resolveProxy: async () => {
        throw new Error('PAC file unreachable')
      },
    }
    await expect(openRoute(route, 'sftp.example.com', 22, context())).rejects.toMatchObject({
      kind: 'connection-failed',
      message: expect.stringContaining('PAC file unreachable'),
    })
  })
})

describe('jumpHostsOf and describeRoute', () => {
  it('lists the jump hosts first to last and names the way in order', () => {
    const route: Route = {
      kind: 'jump',
      hop: hop('second'),
      via: {
        kind: 'jump',
        hop: hop('first'),
        via: { kind: 'socks5', proxy: { host: 'proxy', port: 1080 } },
      },
    }
    expect(jumpHostsOf(route).map((each) => each.host)).toEqual(['first', 'second'])
    expect(describeRoute(route)).toBe(
      ' through the SOCKS5 proxy proxy port 1080 and the jump host first port 22 and the jump host second port 22',
    )
    expect(describeRoute({ kind: 'direct' })).toBe('')
    expect(jumpHostsOf({ kind: 'direct' })).toEqual([])
  })
})
