import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { throughSocks5 } from '../../../../src/main/core/sftp/socks5-proxy'
import { readFor, startScriptedProxy, type ScriptedProxy } from '../../../fixtures/scripted-proxy'

const GREETING = 'SSH-2.0-OpenSSH_9.2\r\n'
// A success reply with an IPv4 bound address (RFC 1928 section 6).
const CONNECTED = Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 22])

describe('throughSocks5', () => {
  let proxy: ScriptedProxy | undefined
  let socket: Socket | undefined
  afterEach(async () => {
    socket?.destroy()
    await proxy?.stop()
  })
  const at = (port: number) => ({ host: '127.0.0.1', port })

  it('asks for no login, sends the name for the proxy to resolve, and leaves the greeting that came with the reply', async () => {
    proxy = await startScriptedProxy(async (peer, read) => {
      expect([...(await read(3))]).toEqual([5, 1, 0])
      peer.write(Buffer.from([5, 0]))
      const head = await read(5)
      expect([...head]).toEqual([5, 1, 0, 3, 'sftp.example.com'.length])
      expect((await read(16 + 2)).toString('latin1', 0, 16)).toBe('sftp.example.com')
      peer.write(Buffer.concat([CONNECTED, Buffer.from(GREETING)]))
    })
    socket = await proxy.connect()
    await throughSocks5(socket, at(proxy.port), { host: 'sftp.example.com', port: 2222 })
    expect(Buffer.concat(proxy.received).subarray(-2).readUInt16BE()).toBe(2222)
    expect(await readFor(socket, 30)).toBe(GREETING)
  })

  it('sends IP addresses as addresses, and reads a bound address given as a name', async () => {
    const requests: number[][] = []
    proxy = await startScriptedProxy(async (peer, read) => {
      await read(3)
      peer.write(Buffer.from([5, 0]))
      const head = [...(await read(4))]
      const length = head[3] === 1 ? 4 : 16
      requests.push([...head, ...(await read(length + 2))])
      peer.write(Buffer.from([5, 0, 0, 3, 4, ...Buffer.from('host'), 0, 22]))
    })
    socket = await proxy.connect()
    await throughSocks5(socket, at(proxy.port), { host: '10.1.2.3', port: 22 })
    socket.destroy()
    socket = await proxy.connect()
    await throughSocks5(socket, at(proxy.port), { host: '2001:db8::7', port: 22 })
    expect(requests[0]).toEqual([5, 1, 0, 1, 10, 1, 2, 3, 0, 22])
    expect(requests[1]).toEqual([
      5, 1, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 22,
    ])
  })

  it('logs in with the user name and password when the proxy chooses that', async () => {
    proxy = await startScriptedProxy(async (peer, read) => {
      expect([...(await read(4))]).toEqual([5, 2, 0, 2])
      peer.write(Buffer.from([5, 2]))
      const [version, userLength = 0] = await read(2)
      const user = (await read(userLength)).toString()
      const passwordLength = (await read(1))[0] ?? 0
      const password = (await read(passwordLength)).toString()
      expect(version).toBe(1)
      peer.write(Buffer.from([1, user === 'alice' && password === 'wonder' ? 0 : 1]))
      if (user !== 'alice' || password !== 'wonder') return void peer.end()
      await read(4 + 4 + 2)
      peer.write(CONNECTED)
    })
    socket = await proxy.connect()
    const good = { ...at(proxy.port), login: { username: 'alice', password: 'wonder' } }
    await throughSocks5(socket, good, { host: '127.0.0.1', port: 22 })
    socket.destroy()
    socket = await proxy.connect()
    const bad = { ...at(proxy.port), login: { username: 'alice', password: 'wrong' } }
    await expect(throughSocks5(socket, bad, { host: '127.0.0.1', port: 22 })).rejects.toMatchObject(
      {
        kind: 'auth-failed',
        message: `The SOCKS5 proxy 127.0.0.1 port ${proxy.port} refused the user name "alice" and its password. Check them in the profile.`,
        detail: { route: 'proxy', proxyKind: 'socks5', proxyAnswer: 'login refused' },
      },
    )
  })

  it('says the proxy wants a login when it takes none of the methods offered', async () => {
    proxy = await startScriptedProxy(async (peer, read) => {
      await read(3)
      peer.write(Buffer.from([5, 0xff]))
    })
    socket = await proxy.connect()
    await expect(
      throughSocks5(socket, at(proxy.port), { host: '127.0.0.1', port: 22 }),
    ).rejects.toMatchObject({
      kind: 'auth-failed',
      message: expect.stringContaining("wants a login. Enter the proxy's user name and password"),
    })
  })

  it('says why the proxy could not connect to the server, and when it is no SOCKS5 proxy', async () => {
    proxy = await startScriptedProxy(async (peer, read) => {
      await read(3)
      peer.write(Buffer.from([5, 0]))
      await read(4 + 4 + 2)
      peer.write(Buffer.from([5, 2, 0, 1, 0, 0, 0, 0, 0, 0]))
    })
    socket = await proxy.connect()
    await expect(
      throughSocks5(socket, at(proxy.port), { host: '192.0.2.1', port: 22 }),
    ).rejects.toMatchObject({
      kind: 'connection-failed',
      message: expect.stringContaining(
        'could not connect to 192.0.2.1 port 22: the connection is not allowed by its rules',
      ),
    })
    await proxy.stop()
    proxy = await startScriptedProxy(async (peer) => void peer.write('HTTP/1.1 400 Bad\r\n\r\n'))
    socket.destroy()
    socket = await proxy.connect()
    await expect(
      throughSocks5(socket, at(proxy.port), { host: '192.0.2.1', port: 22 }),
    ).rejects.toThrow(/did not answer as a SOCKS5 proxy \(it answered version 72\)/)
  })
})
