import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
    bridge = await startWebBridge({ mailroom, rendererDir, logger: silentLogger })
    base = `http://127.0.0.1:${bridge.port}`
    token = new URL(bridge.url).searchParams.get('token') ?? ''
  })
  afterAll(async () => {
    await bridge.close()
    rmSync(rendererDir, { recursive: true, force: true })
  })

  it('prints an address on 127.0.0.1 with a long random token', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/)
  })

  it('serves the page only with the token, with a strict CSP', async () => {
    expect((await get(`${base}/`)).status).toBe(403)
    expect((await get(`${base}/?token=wrong`)).status).toBe(403)
    const page = await get(bridge.url)
    expect(page.status).toBe(200)
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'")
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
})
