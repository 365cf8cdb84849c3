import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { MailroomOptions } from '../../src/main/core/app/create-mailroom'
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store'
import type { Profile, RemoteEntry } from '../../src/shared/domain'
import type { ApiEvent } from '../../src/shared/transport'
import { trustingMailroom, valueOf } from '../fixtures/connected-mailroom'
import { startMicrosocks, startTinyproxy } from '../fixtures/proxy-servers'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/**
 * Getting through to OpenSSH's sshd through real proxies (Debian's microsocks and tinyproxy)
 * and real jump hosts (a second and third sshd with forwarding on, one with it off), through
 * createMailroom(...).dispatch as the UI calls it. Each test proves the way the traffic went:
 * the proxy's log, the jump host's log, or the connection failing once the proxy is stopped.
 */
let target: TestSshd
let jumpA: TestSshd
let jumpB: TestSshd
let noForwarding: TestSshd
const login = { username: 'alice', password: 'wonder-land' }

beforeAll(async () => {
  target = await startSshd()
  target.writeFile('pickup/invoice.pdf', 'through')
  // The jump hosts take the profile's own key, as `--jump` without `--jump-key` has it.
  const clientKey = readFileSync(`${target.clientKeyPath}.pub`, 'utf8')
  jumpA = await startSshd({ allowTcpForwarding: true })
  jumpB = await startSshd({ allowTcpForwarding: true })
  noForwarding = await startSshd({ allowTcpForwarding: false })
  for (const jump of [jumpA, jumpB, noForwarding]) jump.authorize(clientKey)
}, 60_000)
afterAll(async () => {
  for (const server of [target, jumpA, jumpB, noForwarding]) await server?.stop()
})

interface Attempt {
  readonly app: ReturnType<typeof trustingMailroom>
  readonly profile: Profile
  readonly events: ApiEvent[]
  readonly secrets: MemorySecretStore
  open(): ReturnType<ReturnType<typeof trustingMailroom>['dispatch']>
  list(): Promise<string[]>
  close(): Promise<void>
}

/** Core with a Generic profile for the target sshd, `changes` over it, every host key trusted. */
async function attempt(
  changes: Record<string, unknown>,
  proxyPassword?: string,
  options: Partial<MailroomOptions> = {},
): Promise<Attempt> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mailroom-through-'))
  const secrets = new MemorySecretStore()
  const app = trustingMailroom(dataDir, { secrets, ...options })
  const events: ApiEvent[] = []
  app.subscribe((event) => events.push(event))
  const key = valueOf<{ id: string }>(
    await app.dispatch('keys:import', {
      source: { kind: 'path', path: target.clientKeyPath },
      rememberPassphrase: false,
    }),
  )
  const profile = valueOf<Profile>(
    await app.dispatch('profiles:save', {
      profile: {
        name: 'Through',
        preset: 'generic',
        group: '',
        host: target.host,
        port: target.port,
        username: target.username,
        keyId: key.id,
        ...changes,
      },
      ...(proxyPassword !== undefined ? { proxyPassword } : {}),
    }),
  )
  return {
    app,
    profile,
    events,
    secrets,
    open: () => app.dispatch('session:open', { profileId: profile.id }),
    list: async () =>
      valueOf<RemoteEntry[]>(
        await app.dispatch('remote:list', { profileId: profile.id, path: 'pickup' }),
      ).map((entry) => entry.name),
    close: async () => {
      await app.shutdown()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

const jumpTo = (server: TestSshd) => ({
  host: server.host,
  port: server.port,
  username: server.username,
  keyId: null,
})

describe('through a SOCKS5 proxy (microsocks)', () => {
  it('gets through, and fails naming the proxy once it is stopped', async () => {
    const proxy = await startMicrosocks()
    const through = await attempt({ proxy: { kind: 'socks5', host: proxy.host, port: proxy.port } })
    try {
      valueOf(await through.open())
      expect(await through.list()).toEqual(['invoice.pdf'])
      expect(proxy.tunnelsTo(target.port)).toBe(1)
      await through.app.dispatch('session:close', { profileId: through.profile.id })
      await proxy.stop()
      expect(await through.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'connection-failed',
          message: `The SOCKS5 proxy 127.0.0.1 port ${proxy.port} refused the connection: is it running? Check its host and port, or ask IT.`,
        },
      })
    } finally {
      await through.close()
      await proxy.stop()
    }
  })

  it('logs in with the password from the keychain, and says when it wants a login it did not get or refuses it', async () => {
    const proxy = await startMicrosocks({ login })
    const setting = { kind: 'socks5', host: proxy.host, port: proxy.port, username: 'alice' }
    const good = await attempt({ proxy: setting }, login.password)
    const none = await attempt({ proxy: { ...setting, username: undefined } })
    const wrong = await attempt({ proxy: setting }, 'not-it')
    try {
      valueOf(await good.open())
      expect(await good.list()).toEqual(['invoice.pdf'])
      expect(proxy.tunnelsTo(target.port)).toBe(1)
      expect(await good.secrets.get(`proxy-password:${good.profile.id}`)).toBe(login.password)
      expect(await none.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'auth-failed',
          message: expect.stringContaining(
            "wants a login. Enter the proxy's user name and password",
          ),
        },
      })
      expect(await wrong.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'auth-failed',
          message: expect.stringContaining('refused the user name "alice"'),
        },
      })
      expect(proxy.tunnelsTo(target.port)).toBe(1)
    } finally {
      for (const each of [good, none, wrong]) await each.close()
      await proxy.stop()
    }
  })

  it('says the proxy could not reach the server', async () => {
    const proxy = await startMicrosocks()
    const closed = await closedPort()
    const through = await attempt({
      port: closed,
      proxy: { kind: 'socks5', host: proxy.host, port: proxy.port },
    })
    try {
      expect(await through.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'connection-failed',
          message: expect.stringContaining(
            `could not connect to 127.0.0.1 port ${closed}: the server refused the connection`,
          ),
          detail: { route: 'proxy', proxyKind: 'socks5', proxyPort: String(proxy.port) },
        },
      })
    } finally {
      await through.close()
      await proxy.stop()
    }
  })
})

describe('through an HTTP proxy (tinyproxy)', () => {
  it('gets through with CONNECT, logged by the proxy', async () => {
    const proxy = await startTinyproxy()
    const through = await attempt({ proxy: { kind: 'http', host: proxy.host, port: proxy.port } })
    try {
      valueOf(await through.open())
      expect(await through.list()).toEqual(['invoice.pdf'])
      expect(proxy.tunnelsTo(target.port)).toBe(1)
    } finally {
      await through.close()
      await proxy.stop()
    }
  })

  it('logs in with Basic, and says 407 when it wants a login it did not get or refuses it', async () => {
    const proxy = await startTinyproxy({ login })
    const setting = { kind: 'http', host: proxy.host, port: proxy.port, username: 'alice' }
    const good = await attempt({ proxy: setting }, login.password)
    const none = await attempt({ proxy: { kind: 'http', host: proxy.host, port: proxy.port } })
    const wrong = await attempt({ proxy: setting }, 'not-it')
    try {
      valueOf(await good.open())
      expect(await good.list()).toEqual(['invoice.pdf'])
      expect(await none.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'auth-failed',
          message: `The HTTP proxy 127.0.0.1 port ${proxy.port} wants a login ("HTTP/1.0 407 Proxy Authentication Required"). Enter the proxy's user name and password in the profile.`,
        },
      })
      expect(await wrong.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'auth-failed',
          message: expect.stringContaining('refused the user name "alice"'),
        },
      })
      expect(proxy.tunnelsTo(target.port)).toBe(1)
    } finally {
      for (const each of [good, none, wrong]) await each.close()
      await proxy.stop()
    }
  })

  it('says so when the proxy does not let SSH through to that port', async () => {
    const proxy = await startTinyproxy({ connectPorts: [443] })
    const through = await attempt({ proxy: { kind: 'http', host: proxy.host, port: proxy.port } })
    try {
      expect(await through.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'connection-failed',
          message: expect.stringMatching(
            new RegExp(
              `^The HTTP proxy 127\\.0\\.0\\.1 port ${proxy.port} does not let connections to 127\\.0\\.0\\.1 port ${target.port} through \\("HTTP/1\\.[01] 403 .*"\\)\\. Ask IT`,
            ),
          ),
        },
      })
    } finally {
      await through.close()
      await proxy.stop()
    }
  })
})

describe("the system's proxy", () => {
  it('is asked at every connect and reconnect, and the way it names is taken', async () => {
    const http = await startTinyproxy()
    const socks = await startMicrosocks()
    const asked: string[] = []
    const answers = [`PROXY 127.0.0.1:${http.port}; DIRECT`, `SOCKS5 127.0.0.1:${socks.port}`]
    const through = await attempt({ proxy: { kind: 'system' } }, undefined, {
      resolveProxy: async (host, port) => {
        asked.push(`${host}:${port}`)
        return answers[asked.length - 1] ?? 'DIRECT'
      },
      reconnectDelaysMs: [50, 100, 200],
    })
    try {
      valueOf(await through.open())
      expect(http.tunnelsTo(target.port)).toBe(1)
      target.dropConnections()
      await vi.waitFor(
        () =>
          expect(through.events.some((event) => event.name === 'session:reconnected')).toBe(true),
        { timeout: 10_000 },
      )
      expect(socks.tunnelsTo(target.port)).toBe(1)
      expect(asked).toEqual([`127.0.0.1:${target.port}`, `127.0.0.1:${target.port}`])
      expect(await through.list()).toEqual(['invoice.pdf'])
    } finally {
      await through.close()
      await http.stop()
      await socks.stop()
    }
  })

  it('names what a proxy wanting Windows sign-in (NTLM, Negotiate) wants, and what to ask IT for', async () => {
    // tinyproxy knows only Basic: this proxy answers CONNECT as a Windows proxy server does.
    const windowsProxy: Server = createServer((socket) => {
      socket.on('error', () => undefined)
      socket.once('data', () =>
        socket.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\nProxy-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n',
        ),
      )
    })
    await new Promise<void>((resolve) => windowsProxy.listen(0, '127.0.0.1', resolve))
    const port = (windowsProxy.address() as AddressInfo).port
    const through = await attempt({ proxy: { kind: 'system' } }, undefined, {
      resolveProxy: async () => `PROXY 127.0.0.1:${port}`,
    })
    try {
      expect(await through.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'not-supported',
          message: expect.stringContaining(
            'wants Windows sign-in (Negotiate, NTLM) ("HTTP/1.1 407 Proxy Authentication Required"), which Mailroom cannot do. Ask IT for a user name and password for the proxy',
          ),
        },
      })
    } finally {
      await through.close()
      await new Promise((resolve) => windowsProxy.close(resolve))
    }
  })
})

describe('through jump hosts (a second sshd)', () => {
  it("asks about the jump host's key, then the server's, and forwards through it", async () => {
    const through = await attempt({ jumps: [jumpTo(jumpA)] })
    try {
      const before = jumpA.forwardRequests()
      valueOf(await through.open())
      expect(await through.list()).toEqual(['invoice.pdf'])
      expect(jumpA.forwardRequests()).toBe(before + 1)
      const prompts = through.events.flatMap((event) =>
        event.name === 'hostkey:prompt' ? [event.payload] : [],
      )
      expect(prompts.map(({ host, port, jumpHost }) => ({ host, port, jumpHost }))).toEqual([
        { host: jumpA.host, port: jumpA.port, jumpHost: true },
        { host: target.host, port: target.port, jumpHost: undefined },
      ])
      // Known hosts are per host and port: the jump host's key is kept for its own.
      const jumpKey = valueOf<{ fingerprint: string } | null>(
        await through.app.dispatch('profiles:trusted-host-key', {
          id: through.profile.id,
          server: { host: jumpA.host, port: jumpA.port },
        }),
      )
      expect(jumpKey?.fingerprint).toBe(prompts[0]?.hostKey.fingerprint)
      // The session log says which way the connection went.
      const log = valueOf<Array<{ message: string }>>(
        await through.app.dispatch('log:list', { profileId: through.profile.id }),
      )
      expect(log.map((entry) => entry.message)).toContain(
        `Connecting to ${target.host} port ${target.port} as ${target.username} through the jump host ${jumpA.host} port ${jumpA.port}`,
      )
    } finally {
      await through.close()
    }
  })

  it('goes through a chain of three, and through them all again after a drop', async () => {
    const through = await attempt(
      { jumps: [jumpTo(jumpA), jumpTo(jumpB), jumpTo(jumpA)] },
      undefined,
      { reconnectDelaysMs: [50, 100, 200, 400] },
    )
    try {
      const before = { a: jumpA.forwardRequests(), b: jumpB.forwardRequests() }
      valueOf(await through.open())
      expect(await through.list()).toEqual(['invoice.pdf'])
      expect(jumpA.forwardRequests() - before.a).toBe(2)
      expect(jumpB.forwardRequests() - before.b).toBe(1)
      jumpB.dropConnections()
      await vi.waitFor(
        () =>
          expect(through.events.some((event) => event.name === 'session:reconnected')).toBe(true),
        { timeout: 10_000 },
      )
      expect(jumpA.forwardRequests() - before.a).toBe(4)
      expect(jumpB.forwardRequests() - before.b).toBe(2)
      expect(await through.list()).toEqual(['invoice.pdf'])
    } finally {
      await through.close()
    }
  })

  it('says the jump host does not allow forwarding', async () => {
    const through = await attempt({ jumps: [jumpTo(noForwarding)] })
    try {
      expect(await through.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'connection-failed',
          message: expect.stringMatching(
            new RegExp(
              `^The jump host 127\\.0\\.0\\.1 port ${noForwarding.port} does not allow forwarding connections to 127\\.0\\.0\\.1 port ${target.port} \\("open failed"\\)\\. Ask its administrator to allow TCP forwarding \\(AllowTcpForwarding\\) for ${noForwarding.username}\\.$`,
            ),
          ),
        },
      })
    } finally {
      await through.close()
    }
  })

  it('refuses a jump host whose key changed, asking nothing and keeping the trusted key', async () => {
    const changing = await startSshd({ allowTcpForwarding: true })
    changing.authorize(readFileSync(`${target.clientKeyPath}.pub`, 'utf8'))
    const through = await attempt({ jumps: [jumpTo(changing)] })
    let replaced: TestSshd | undefined
    try {
      valueOf(await through.open())
      await through.app.dispatch('session:close', { profileId: through.profile.id })
      const server = { host: changing.host, port: changing.port }
      const trusted = valueOf<{ fingerprint: string }>(
        await through.app.dispatch('profiles:trusted-host-key', { id: through.profile.id, server }),
      )
      // The same host and port, a new host key: as a replaced machine, or someone in between.
      await changing.stop()
      replaced = await startSshd({ port: server.port, allowTcpForwarding: true })
      replaced.authorize(readFileSync(`${target.clientKeyPath}.pub`, 'utf8'))
      const asked = through.events.filter((event) => event.name === 'hostkey:prompt').length
      expect(await through.open()).toMatchObject({
        ok: false,
        error: {
          kind: 'host-key-changed',
          message: expect.stringContaining(
            `The host key of the jump host 127.0.0.1 port ${server.port} is not the one you trusted.`,
          ),
          detail: { jumpHost: 'true', storedFingerprint: trusted.fingerprint },
        },
      })
      expect(through.events.filter((event) => event.name === 'hostkey:prompt').length).toBe(asked)
      expect(replaced.forwardRequests()).toBe(0)
      expect(
        valueOf<{ fingerprint: string }>(
          await through.app.dispatch('profiles:trusted-host-key', {
            id: through.profile.id,
            server,
          }),
        ).fingerprint,
      ).toBe(trusted.fingerprint)
    } finally {
      await through.close()
      await (replaced ?? changing).stop()
    }
  })

  it('goes through a proxy to the first jump host', async () => {
    const proxy = await startMicrosocks()
    const through = await attempt({
      proxy: { kind: 'socks5', host: proxy.host, port: proxy.port },
      jumps: [jumpTo(jumpA)],
    })
    try {
      valueOf(await through.open())
      expect(await through.list()).toEqual(['invoice.pdf'])
      expect(proxy.tunnelsTo(jumpA.port)).toBe(1)
      expect(proxy.tunnelsTo(target.port)).toBe(0)
    } finally {
      await through.close()
      await proxy.stop()
    }
  })
})

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
