import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  parseConnectAnswer,
  throughHttpProxy,
} from '../../../../src/main/core/sftp/http-connect-proxy'
import { readFor, startScriptedProxy, type ScriptedProxy } from '../../../fixtures/scripted-proxy'

const GREETING = 'SSH-2.0-OpenSSH_9.2\r\n'

describe('throughHttpProxy', () => {
  let proxy: ScriptedProxy | undefined
  let socket: Socket | undefined
  afterEach(async () => {
    socket?.destroy()
    await proxy?.stop()
  })
  const target = { host: 'sftp.example.com', port: 22 }

  /** A proxy that reads the request's head and answers with `answer`. */
  const answering = (answer: string) =>
    startScriptedProxy(async (peer, read) => {
      let head = ''
      while (!head.endsWith('\r\n\r\n')) head += (await read(1)).toString()
      peer.write(answer)
    })
  const requestOf = () => Buffer.concat(proxy?.received ?? []).toString()

  it('asks for a tunnel to the name (the proxy resolves it) and leaves the greeting that came with the answer', async () => {
    proxy = await answering(`HTTP/1.1 200 Connection established\r\nVia: x\r\n\r\n${GREETING}`)
    socket = await proxy.connect()
    await throughHttpProxy(socket, { host: '127.0.0.1', port: proxy.port }, target)
    expect(requestOf()).toBe(
      'CONNECT sftp.example.com:22 HTTP/1.1\r\nHost: sftp.example.com:22\r\n\r\n',
    )
    expect(await readFor(socket, 30)).toBe(GREETING)
  })

  it('sends a Basic login where the profile has one, and brackets an IPv6 address', async () => {
    proxy = await answering('HTTP/1.0 200 OK\r\n\r\n')
    socket = await proxy.connect()
    const login = { username: 'alice', password: 'wonder land' }
    await throughHttpProxy(
      socket,
      { host: '127.0.0.1', port: proxy.port, login },
      {
        host: '2001:db8::7',
        port: 2222,
      },
    )
    expect(requestOf()).toBe(
      `CONNECT [2001:db8::7]:2222 HTTP/1.1\r\nHost: [2001:db8::7]:2222\r\nProxy-Authorization: Basic ${Buffer.from('alice:wonder land').toString('base64')}\r\n\r\n`,
    )
  })

  it('says a 407 wants a login, or refused the one it got', async () => {
    const wantsBasic =
      'HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n'
    proxy = await answering(wantsBasic)
    socket = await proxy.connect()
    await expect(
      throughHttpProxy(socket, { host: '127.0.0.1', port: proxy.port }, target),
    ).rejects.toMatchObject({
      kind: 'auth-failed',
      message: expect.stringContaining(
        `The HTTP proxy 127.0.0.1 port ${proxy.port} wants a login ("HTTP/1.0 407 Proxy Authentication Required"). Enter the proxy's user name and password in the profile.`,
      ),
      detail: {
        route: 'proxy',
        proxyKind: 'http',
        proxyHost: '127.0.0.1',
        proxyPort: String(proxy.port),
        proxyAnswer: 'HTTP/1.0 407 Proxy Authentication Required',
      },
    })
    socket.destroy()
    socket = await proxy.connect()
    const login = { username: 'alice', password: 'wrong' }
    await expect(
      throughHttpProxy(socket, { host: '127.0.0.1', port: proxy.port, login }, target),
    ).rejects.toThrow(/refused the user name "alice" and its password/)
  })

  it('names Windows sign-in (NTLM, Negotiate) as what the proxy wants, and what to ask IT for', async () => {
    proxy = await answering(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\nProxy-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n',
    )
    socket = await proxy.connect()
    await expect(
      throughHttpProxy(socket, { host: '127.0.0.1', port: proxy.port }, target),
    ).rejects.toMatchObject({
      kind: 'not-supported',
      message: expect.stringMatching(
        /wants Windows sign-in \(Negotiate, NTLM\) .* which Mailroom cannot do\. Ask IT for a user name and password for the proxy \("Basic" login\), or a SOCKS5 proxy, or to let SSH to sftp\.example\.com port 22 through\./,
      ),
    })
  })

  it('says when the proxy forbids the tunnel, cannot reach the server, or is no HTTP proxy', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        'HTTP/1.1 403 Forbidden\r\n\r\n',
        /does not let connections to sftp\.example\.com port 22 through \("HTTP\/1\.1 403 Forbidden"\)/,
      ],
      [
        'HTTP/1.1 502 Bad Gateway\r\n\r\n',
        /could not connect to sftp\.example\.com port 22 \("HTTP\/1\.1 502 Bad Gateway"\)/,
      ],
      [
        'SSH-2.0-OpenSSH_9.2\r\n\r\n',
        /did not answer as an HTTP proxy \("SSH-2\.0-OpenSSH_9\.2"\)/,
      ],
    ]
    for (const [answer, message] of cases) {
      proxy = await answering(answer)
      socket = await proxy.connect()
      await expect(
        throughHttpProxy(socket, { host: '127.0.0.1', port: proxy.port }, target),
      ).rejects.toThrow(message)
      socket.destroy()
      await proxy.stop()
    }
    proxy = undefined
  })
})

describe('parseConnectAnswer', () => {
  it('reads the status and every login scheme offered', () => {
    expect(
      parseConnectAnswer(
        'HTTP/1.1 407 Auth\r\nproxy-authenticate: Digest realm=x\r\nProxy-Authenticate:Basic realm=y\r\n\r\n',
      ),
    ).toEqual({ status: 407, statusLine: 'HTTP/1.1 407 Auth', loginSchemes: ['Digest', 'Basic'] })
    expect(parseConnectAnswer('nonsense\r\n\r\n').status).toBeNaN()
  })
})
