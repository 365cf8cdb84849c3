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
import {
  openSftpSession,
  type OpenSessionOptions,
} from '../../../../src/main/core/sftp/open-session'
import { remotePath } from '../../../../src/shared/remote-path'
import { keyLogin } from '../../../fixtures/key-login'

const parse = (privateKey: string) => {
  const parsed = ssh2.utils.parseKey(privateKey) as ParsedKey | Error
  if (parsed instanceof Error) throw parsed
  return parsed
}

/**
 * An in-process SSH server that takes one key, serves SFTP (STAT only), and writes down each
 * login attempt in `timeline`, beside what the client's verifier writes there.
 */
describe('openSftpSession', () => {
  const hostKey = generateEd25519KeyFile('open-session test server')
  const clientKey = generateEd25519KeyFile('open-session client')
  const accepted = parse(clientKey.privateKey)
  const hostFingerprint = sha256Fingerprint(parse(hostKey.privateKey).getPublicSSH())
  const timeline: string[] = []
  const connections: Connection[] = []
  let server: ssh2.Server
  let port = 0

  beforeAll(async () => {
    server = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (client) => {
      connections.push(client)
      client.on('error', () => undefined)
      client.on('authentication', (context) => {
        timeline.push(`login ${context.method} ${context.username}`)
        if (context.method !== 'publickey') return context.reject(['publickey'])
        const same =
          context.key.algo === accepted.type && context.key.data.equals(accepted.getPublicSSH())
        if (!same) return context.reject(['publickey'])
        if (context.signature && context.blob)
          return accepted.verify(context.blob, context.signature, context.hashAlgo) === true
            ? context.accept()
            : context.reject(['publickey'])
        context.accept()
      })
      // As a jump host to itself: forwards to its own port.
      client.on('tcpip', (accept, _reject, info) => {
        timeline.push(`forward to ${info.destPort}`)
        const channel = accept()
        const upstream = connect(info.destPort, info.destIP)
        upstream.on('error', () => channel.close())
        channel.pipe(upstream).pipe(channel)
      })
      client.on('session', (accept) =>
        accept().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp()
          sftp.on('STAT', (reqid) =>
            sftp.attrs(reqid, { mode: 0o040755, size: 0, mtime: 1, atime: 1, uid: 0, gid: 0 }),
          )
        }),
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    for (const connection of connections) connection.end()
    await new Promise((resolve) => server.close(resolve))
  })

  const options = (overrides: Partial<OpenSessionOptions> = {}): OpenSessionOptions => ({
    host: '127.0.0.1',
    port,
    username: 'someone',
    ...keyLogin(parsePrivateKey(Buffer.from(clientKey.privateKey), 'client key')),
    logger: silentLogger,
    verifyHostKey: async () => {
      timeline.push('host key verified')
      return true
    },
    ...overrides,
  })

  it('has the host key verified before any credential is sent, logs in with the key and opens SFTP', async () => {
    timeline.length = 0
    const offered: unknown[] = []
    const session = await openSftpSession(
      options({
        verifyHostKey: async (key) => {
          offered.push(key)
          timeline.push('host key verified')
          return true
        },
      }),
    )
    try {
      expect(offered).toEqual([{ type: 'ssh-ed25519', fingerprint: hostFingerprint }])
      expect(session.hostKey).toEqual({ type: 'ssh-ed25519', fingerprint: hostFingerprint })
      expect(timeline[0]).toBe('host key verified')
      expect(timeline).toContain('login publickey someone')
      expect(session.host).toBe('127.0.0.1')
      expect(session.conservative).toBe(false)
      expect(await session.stat(remotePath.parse(''))).toMatchObject({ kind: 'directory' })
    } finally {
      session.close()
    }
  })

  it('sends no credential when the host key is not trusted', async () => {
    timeline.length = 0
    await expect(
      openSftpSession(options({ verifyHostKey: async () => false })),
    ).rejects.toMatchObject({
      kind: 'host-key-rejected',
      message:
        'The host key of 127.0.0.1 was not trusted, so Mailroom disconnected before logging in.',
    })
    expect(timeline).toEqual([])
  })

  it("tells the verifier's own reason, and a bug in it as internal", async () => {
    const changed = new MailroomError('host-key-changed', 'The host key changed.')
    await expect(
      openSftpSession(
        options({
          verifyHostKey: async () => {
            throw changed
          },
        }),
      ),
    ).rejects.toBe(changed)
    await expect(
      openSftpSession(
        options({
          verifyHostKey: async () => {
            throw new TypeError('oops')
          },
        }),
      ),
    ).rejects.toMatchObject({
      kind: 'internal',
      message: 'Checking the host key failed: TypeError: oops',
    })
  })

  it('does not count the time the person takes over the host key against the timeout', async () => {
    const session = await openSftpSession(
      options({
        readyTimeoutMs: 300,
        verifyHostKey: () => new Promise((resolve) => setTimeout(() => resolve(true), 700)),
      }),
    )
    session.close()
  })

  it('fails auth-failed when the server does not take the key', async () => {
    const other = generateEd25519KeyFile('not authorized')
    await expect(
      openSftpSession(
        options(keyLogin(parsePrivateKey(Buffer.from(other.privateKey), 'other key'))),
      ),
    ).rejects.toMatchObject({ kind: 'auth-failed' })
  })

  it('opens a conservative session when the profile asks for one', async () => {
    const session = await openSftpSession(options({ conservative: true }))
    expect(session.conservative).toBe(true)
    expect(session.limits.readBytes).toBeLessThanOrEqual(32 * 1024)
    expect(session.limits.writeBytes).toBeLessThanOrEqual(32 * 1024)
    session.close()
  })

  it('gives up on a server that accepts the connection and never greets', async () => {
    const sockets: Socket[] = []
    const silent: NetServer = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const started = Date.now()
      await expect(
        openSftpSession(
          options({ port: (silent.address() as AddressInfo).port, readyTimeoutMs: 300 }),
        ),
      ).rejects.toMatchObject({
        kind: 'timeout',
        message: expect.stringMatching(/did not answer in time/),
      })
      expect(Date.now() - started).toBeLessThan(5_000)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it("opens SFTP through a jump host, its key decided on first and the person's time not counted", async () => {
    timeline.length = 0
    const asked: unknown[] = []
    const credentials = options().credentials
    const session = await openSftpSession(
      options({
        readyTimeoutMs: 1_500,
        route: {
          kind: 'jump',
          hop: { host: '127.0.0.1', port, username: 'jumper', credentials },
          via: { kind: 'direct' },
        },
        verifyHostKey: async (key, server) => {
          asked.push(server)
          timeline.push(`host key of ${server?.jumpHost ? 'the jump host' : 'the server'}`)
          if (server?.jumpHost) await new Promise((resolve) => setTimeout(resolve, 2_000))
          return true
        },
      }),
    )
    try {
      expect(asked).toEqual([
        { host: '127.0.0.1', port, jumpHost: true },
        { host: '127.0.0.1', port, jumpHost: false },
      ])
      // Each login as ssh2 makes it: "none" first, then the key without and with its signature.
      expect([...new Set(timeline)].filter((step) => !step.startsWith('login none'))).toEqual([
        'host key of the jump host',
        'login publickey jumper',
        `forward to ${port}`,
        'host key of the server',
        'login publickey someone',
      ])
      expect(await session.stat(remotePath.parse(''))).toMatchObject({ kind: 'directory' })
    } finally {
      session.close()
    }
  })

  it('gives up on a proxy that never answers, naming the way it went, and ends that connection', async () => {
    const sockets: Socket[] = []
    const closed: boolean[] = []
    const silent: NetServer = createServer((socket) => {
      const index = sockets.push(socket) - 1
      closed[index] = false
      socket.on('close', () => (closed[index] = true))
      socket.resume()
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const proxyPort = (silent.address() as AddressInfo).port
    try {
      await expect(
        openSftpSession(
          options({
            readyTimeoutMs: 300,
            route: { kind: 'socks5', proxy: { host: '127.0.0.1', port: proxyPort } },
          }),
        ),
      ).rejects.toMatchObject({
        kind: 'timeout',
        message: `127.0.0.1 port ${port} did not answer in time through the SOCKS5 proxy 127.0.0.1 port ${proxyPort}. Check the host name and port, and your network.`,
      })
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(closed).toEqual([true])
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })
})
