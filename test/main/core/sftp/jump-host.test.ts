import { once } from 'node:events'
import {
  connect,
  createServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net'
import ssh2, { type Connection, type ParsedKey } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { generateEd25519KeyFile } from '../../../../src/main/core/keys/generate-key'
import { parsePrivateKey } from '../../../../src/main/core/keys/load-private-key'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { sha256Fingerprint } from '../../../../src/main/core/sftp/host-key'
import type { JumpHop } from '../../../../src/main/core/sftp/jump-host'
import { openRoute, type Route } from '../../../../src/main/core/sftp/route'
import type { HostKeyServer, RouteContext } from '../../../../src/main/core/sftp/route-socket'

const parse = (privateKey: string) => {
  const parsed = ssh2.utils.parseKey(privateKey) as ParsedKey | Error
  if (parsed instanceof Error) throw parsed
  return parsed
}

/**
 * An in-process SSH server as a jump host: it takes one key, forwards `direct-tcpip` to any port
 * on 127.0.0.1 except `forbidden`, which it refuses as one that cannot reach it (ssh2's server says
 * "connect failed"); and a
 * plain TCP server behind it that greets like an SSH server.
 */
describe('a route through jump hosts', () => {
  const hostKey = generateEd25519KeyFile('jump host')
  const clientKey = generateEd25519KeyFile('jump client')
  const accepted = parse(clientKey.privateKey)
  const jumpFingerprint = sha256Fingerprint(parse(hostKey.privateKey).getPublicSSH())
  const connections: Connection[] = []
  const forwards: string[] = []
  let jump: ssh2.Server
  let behind: NetServer
  let jumpPort = 0
  let behindPort = 0
  let forbidden = 0

  beforeAll(async () => {
    behind = createServer((socket) => {
      socket.on('error', () => undefined)
      socket.write('SSH-2.0-behind\r\n')
    })
    behind.listen(0, '127.0.0.1')
    await once(behind, 'listening')
    behindPort = (behind.address() as AddressInfo).port
    forbidden = behindPort + 1
    jump = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (client) => {
      connections.push(client)
      client.on('error', () => undefined)
      client.on('authentication', (context) => {
        if (context.method !== 'publickey') return context.reject(['publickey'])
        const same =
          context.key.algo === accepted.type && context.key.data.equals(accepted.getPublicSSH())
        return same ? context.accept() : context.reject(['publickey'])
      })
      client.on('tcpip', (accept, reject, info) => {
        forwards.push(`${info.destIP}:${info.destPort}`)
        if (info.destPort === forbidden) return reject()
        const channel = accept()
        const upstream: Socket = connect(info.destPort, info.destIP)
        upstream.on('error', () => channel.close())
        channel.pipe(upstream)
        // As OpenSSH does: the far end's end is an EOF on the channel, which stays open until
        // the client closes it too.
        upstream.on('data', (chunk: Buffer) => channel.write(chunk))
        upstream.on('end', () => channel.eof())
      })
    })
    await new Promise<void>((resolve) => jump.listen(0, '127.0.0.1', resolve))
    jumpPort = (jump.address() as AddressInfo).port
  })
  afterAll(async () => {
    for (const connection of connections) connection.end()
    await new Promise((resolve) => jump.close(resolve))
    await new Promise((resolve) => behind.close(resolve))
  })

  const hop = (privateKey = clientKey.privateKey): JumpHop => ({
    host: '127.0.0.1',
    port: jumpPort,
    username: 'someone',
    credentials: {
      kind: 'key',
      privateKey: parsePrivateKey(Buffer.from(privateKey), 'jump key'),
    },
  })
  const context = (
    verifyHostKey: RouteContext['verifyHostKey'] = async () => true,
    signal = new AbortController().signal,
  ): RouteContext => ({ verifyHostKey, logger: silentLogger, signal })
  const greeting = async (socket: NodeJS.ReadableStream) => {
    const [chunk] = (await once(socket, 'data')) as [Buffer]
    return chunk.toString()
  }

  it("has the jump host's key decided on, then forwards to the server behind it", async () => {
    const asked: Array<[string, HostKeyServer]> = []
    const route = await openRoute(
      { kind: 'jump', hop: hop(), via: { kind: 'direct' } },
      '127.0.0.1',
      behindPort,
      context(async (key, server) => {
        asked.push([key.fingerprint, server])
        return true
      }),
    )
    expect(asked).toEqual([
      [jumpFingerprint, { host: '127.0.0.1', port: jumpPort, jumpHost: true }],
    ])
    expect(await greeting(route.socket)).toBe('SSH-2.0-behind\r\n')
    const ended = once(connections.at(-1) as Connection, 'close')
    route.close()
    await ended
  })

  it('ends the jump host connection once the far end hangs up (a channel stays half-open otherwise)', async () => {
    const hangingUp = createServer((socket) => socket.end('SSH-2.0-bye\r\n'))
    hangingUp.listen(0, '127.0.0.1')
    await once(hangingUp, 'listening')
    try {
      const route = await openRoute(
        { kind: 'jump', hop: hop(), via: { kind: 'direct' } },
        '127.0.0.1',
        (hangingUp.address() as AddressInfo).port,
        context(),
      )
      const jumpConnection = connections.at(-1) as Connection
      const ended = once(jumpConnection, 'close')
      route.socket.resume()
      await once(route.socket, 'close')
      await ended
    } finally {
      await new Promise((resolve) => hangingUp.close(resolve))
    }
  })

  it('goes through a chain: each jump host reached through the one before', async () => {
    forwards.length = 0
    const first: Route = { kind: 'jump', hop: hop(), via: { kind: 'direct' } }
    const route = await openRoute(
      { kind: 'jump', hop: hop(), via: { kind: 'jump', hop: hop(), via: first } },
      '127.0.0.1',
      behindPort,
      context(),
    )
    expect(await greeting(route.socket)).toBe('SSH-2.0-behind\r\n')
    expect(forwards).toEqual([
      `127.0.0.1:${jumpPort}`,
      `127.0.0.1:${jumpPort}`,
      `127.0.0.1:${behindPort}`,
    ])
    route.close()
  })

  it('says when the jump host cannot reach the server (sshd forbidding forwarding: test/integration)', async () => {
    await expect(
      openRoute(
        { kind: 'jump', hop: hop(), via: { kind: 'direct' } },
        '127.0.0.1',
        forbidden,
        context(),
      ),
    ).rejects.toMatchObject({
      kind: 'connection-failed',
      message: expect.stringMatching(
        new RegExp(
          `^The jump host 127\\.0\\.0\\.1 port ${jumpPort} could not connect to 127\\.0\\.0\\.1 port ${forbidden} \\(".*"\\)\\. Check the server's host and port as the jump host sees them\\.$`,
        ),
      ),
      detail: { route: 'jump-host', jumpHost: '127.0.0.1', jumpPort: String(jumpPort) },
    })
  })

  it('sends no credential to a jump host whose key is not trusted, and keeps the check’s own reason', async () => {
    await expect(
      openRoute(
        { kind: 'jump', hop: hop(), via: { kind: 'direct' } },
        '127.0.0.1',
        behindPort,
        context(async () => false),
      ),
    ).rejects.toMatchObject({
      kind: 'host-key-rejected',
      message: `The host key of the jump host 127.0.0.1 port ${jumpPort} was not trusted, so Mailroom disconnected before logging in to it.`,
    })
    const changed = new MailroomError('host-key-changed', 'changed')
    await expect(
      openRoute(
        { kind: 'jump', hop: hop(), via: { kind: 'direct' } },
        '127.0.0.1',
        behindPort,
        context(async () => {
          throw changed
        }),
      ),
    ).rejects.toBe(changed)
  })

  it('says the jump host did not accept the key', async () => {
    const other = generateEd25519KeyFile('not authorized').privateKey
    await expect(
      openRoute(
        { kind: 'jump', hop: hop(other), via: { kind: 'direct' } },
        '127.0.0.1',
        behindPort,
        context(),
      ),
    ).rejects.toMatchObject({
      kind: 'auth-failed',
      message: expect.stringMatching(
        new RegExp(`^The jump host 127\\.0\\.0\\.1 port ${jumpPort} did not accept the key\\.`),
      ),
      detail: { route: 'jump-host', jumpPort: String(jumpPort) },
    })
  })

  it('ends the jump host connection when the attempt is given up', async () => {
    const giveUp = new AbortController()
    const opening = openRoute(
      { kind: 'jump', hop: hop(), via: { kind: 'direct' } },
      '127.0.0.1',
      behindPort,
      context(async () => {
        giveUp.abort(new MailroomError('timeout', 'too slow'))
        return true
      }, giveUp.signal),
    )
    await expect(opening).rejects.toThrow()
  })
})
