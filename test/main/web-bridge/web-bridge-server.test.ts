import {
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createMailroom } from '../../../src/main/core/app/create-mailroom'
import { silentLogger } from '../../../src/main/core/logging/logger'
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store'
import { startWebBridge, type WebBridge } from '../../../src/main/web-bridge/web-bridge-server'
import { MemorySettings } from '../../fixtures/memory-settings'

function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString()))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

function openSocket(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin })
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    )
  })
}

describe('web bridge', () => {
  let bridge: WebBridge
  let rendererDir: string
  let base: string
  let token: string
  let home: string

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'mailroom-renderer-'))
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Mailroom</title>')
    const mailroom = createMailroom({
      dataDir: rendererDir,
      settings: new MemorySettings(),
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      platform: { transport: 'web', version: 'test' },
    })
    home = realpathSync(mkdtempSync(join(tmpdir(), 'mailroom-home-')))
    bridge = await startWebBridge({ mailroom, rendererDir, logger: silentLogger, home })
    base = `http://127.0.0.1:${bridge.port}`
    token = new URL(bridge.url).searchParams.get('token') ?? ''
  })
  afterAll(async () => {
    await bridge.close()
    rmSync(rendererDir, { recursive: true, force: true })
    rmSync(home, { recursive: true, force: true })
  })

  it('prints an address on 127.0.0.1 with a long random token', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/)
  })

  it('serves the page, which holds no secret, with a strict CSP, with or without the token', async () => {
    // The page takes the token out of its address once loaded (issue 19, item 5), so a reload
    // comes without one; the token guards the calls and the staging, not the page.
    for (const url of [bridge.url, `${base}/`]) {
      const page = await get(url)
      expect(page.status).toBe(200)
      expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'")
      expect(page.body).not.toContain(token)
    }
  })

  it('refuses requests for another Host (DNS rebinding)', async () => {
    expect((await get(bridge.url, { host: 'evil.example:80' })).status).toBe(421)
  })

  it('never serves files outside the renderer folder', async () => {
    const response = await get(`${base}/..%2f..%2f..%2fetc%2fpasswd`)
    expect(response.status).toBe(404)
    expect(response.body).not.toContain('root:')
  })

  it('refuses a WebSocket from another origin or without the token', async () => {
    await expect(
      openSocket(`ws://127.0.0.1:${bridge.port}/api?token=${token}`, 'https://evil.example'),
    ).rejects.toThrow(/403/)
    await expect(openSocket(`ws://127.0.0.1:${bridge.port}/api?token=nope`, base)).rejects.toThrow(
      /403/,
    )
  })

  it('runs calls through the contract over the WebSocket', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${bridge.port}/api?token=${token}`, base)
    const reply = (id: number) =>
      new Promise<unknown>((resolve) =>
        socket.on('message', (data) => {
          const message = JSON.parse(data.toString()) as {
            type: string
            id: number
            result: unknown
          }
          if (message.type === 'result' && message.id === id) resolve(message.result)
        }),
      )
    const info = reply(1)
    socket.send(JSON.stringify({ id: 1, name: 'app:info', input: {} }))
    expect(await info).toMatchObject({
      ok: true,
      value: { version: 'test', transport: 'web', nativeDialogs: false },
    })
    const refused = reply(2)
    socket.send(JSON.stringify({ id: 2, name: 'profiles:save', input: { profile: { name: '' } } }))
    expect(await refused).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
    socket.close()
  })

  it('stages a dropped file only with the token and from its own origin', async () => {
    expect((await get(`${base}/staging?name=a.txt`, { origin: base }, 'POST', 'x')).status).toBe(
      403,
    )
    expect(
      (
        await get(
          `${base}/staging?name=a.txt`,
          { origin: 'https://evil.example', 'x-mailroom-token': token },
          'POST',
          'x',
        )
      ).status,
    ).toBe(403)
    const staged = await get(
      `${base}/staging?name=..%2F..%2Fevil.txt`,
      { origin: base, 'x-mailroom-token': token },
      'POST',
      'payload',
    )
    expect(staged.status).toBe(200)
    const { path } = JSON.parse(staged.body) as { path: string }
    expect(path.endsWith('/_.._evil.txt')).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe('payload')
  })

  /** One call over the WebSocket, as the web client makes it. */
  async function call(name: string, input: unknown) {
    const socket = await openSocket(`ws://127.0.0.1:${bridge.port}/api?token=${token}`, base)
    try {
      const answer = new Promise<{ ok: boolean; error?: { kind: string; message: string } }>(
        (resolve) =>
          socket.on('message', (data) => {
            const message = JSON.parse(data.toString()) as { type: string; result: never }
            if (message.type === 'result') resolve(message.result)
          }),
      )
      socket.send(JSON.stringify({ id: 1, name, input }))
      return await answer
    } finally {
      socket.close()
    }
  }

  /** Typed paths reach only the home folder in the web UI (issue 19, item 5). */
  describe('local paths', () => {
    const outside = () => mkdtempSync(join(tmpdir(), 'mailroom-outside-'))

    it('refuses a path outside the home folder before anything is done, saying where to look', async () => {
      const elsewhere = outside()
      writeFileSync(join(elsewhere, 'config'), 'Host a\n  HostName a.test\n')
      const refused = await call('sites:preview', {
        source: 'openssh',
        path: join(elsewhere, 'config'),
      })
      expect(refused).toMatchObject({ ok: false, error: { kind: 'permission-denied' } })
      expect(refused.error?.message).toBe(
        `The web UI uses files and folders only inside your home folder (${home}), and ${JSON.stringify(join(elsewhere, 'config'))} is not in it. Nothing was read: give a path inside your home folder.`,
      )
      expect(await call('log:save', { path: '/etc/cron.d/mailroom' })).toMatchObject({
        ok: false,
        error: { kind: 'permission-denied', message: expect.stringContaining('Nothing was saved') },
      })
      expect(
        await call('transfer:send', {
          profileId: 'profile-1',
          remoteFolder: 'in',
          localPaths: ['/etc/passwd'],
        }),
      ).toMatchObject({ ok: false, error: { kind: 'permission-denied' } })
      // Inside the home folder the call goes on to core.
      writeFileSync(join(home, 'config'), 'Host a\n  HostName a.test\n')
      expect(
        await call('sites:preview', { source: 'openssh', path: join(home, 'config') }),
      ).toMatchObject({ ok: true })
      rmSync(elsewhere, { recursive: true, force: true })
    })

    it('follows no link out of the home folder', async () => {
      const elsewhere = outside()
      writeFileSync(join(elsewhere, 'config'), 'Host a\n  HostName a.test\n')
      symlinkSync(elsewhere, join(home, 'linked'))
      expect(
        await call('sites:preview', { source: 'openssh', path: join(home, 'linked', 'config') }),
      ).toMatchObject({ ok: false, error: { kind: 'permission-denied' } })
      rmSync(elsewhere, { recursive: true, force: true })
    })

    it('reads no key a site file names outside the home folder', async () => {
      const elsewhere = outside()
      const config = join(home, 'sites-config')
      writeFileSync(
        config,
        `Host acme\n  HostName acme.test\n  IdentityFile ${join(elsewhere, 'id_ed25519')}\nHost inside\n  HostName inside.test\n  IdentityFile ${join(home, 'id_ed25519')}\n`,
      )
      const refused = await call('sites:import', {
        source: 'openssh',
        path: config,
        chosen: [0, 1],
      })
      expect(refused).toMatchObject({ ok: false, error: { kind: 'permission-denied' } })
      expect(refused.error?.message).toContain(
        `acme names the key "${join(elsewhere, 'id_ed25519')}"`,
      )
      // The site whose key is at home imports (its key file is missing: a note, not a refusal).
      expect(
        await call('sites:import', { source: 'openssh', path: config, chosen: [1] }),
      ).toMatchObject({
        ok: true,
      })
      rmSync(elsewhere, { recursive: true, force: true })
    })

    it('sends a dropped file it staged, outside the home folder though it is', async () => {
      const staged = await get(
        `${base}/staging?name=order.xml`,
        { origin: base, 'x-mailroom-token': token },
        'POST',
        'order',
      )
      const { path } = JSON.parse(staged.body) as { path: string }
      // Past the home folder check, core looks for the profile (there is none here).
      expect(
        await call('transfer:send', {
          profileId: 'profile-1',
          remoteFolder: 'in',
          localPaths: [path],
        }),
      ).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    })
  })
})
