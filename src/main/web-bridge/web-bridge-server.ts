import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Mailroom } from '../core/app/create-mailroom'
import { coalescingTransferUpdates } from '../core/events/coalesced-events'
import type { Logger } from '../core/logging/logger'
import { safeLocalName } from '../core/pickup/local-file-name'
import {
  API_SOCKET_PATH,
  bridgeRequest,
  STAGING_PATH,
  TOKEN_HEADER,
  type BridgeMessage,
} from '../../shared/bridge-protocol'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'
import { HomeFolderConfinement } from './home-folder-confinement'

export interface WebBridgeOptions {
  readonly mailroom: Mailroom
  /** The built renderer (electron-vite's `out/renderer`). */
  readonly rendererDir: string
  readonly logger: Logger
  /** 0 or absent: a free port. */
  readonly port?: number
  /** The folder typed paths must be in (home-folder-confinement.ts); the person's home if absent. */
  readonly home?: string
}

export interface WebBridge {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/**
 * Serves the built renderer and runs the same core and handlers as the Electron app, over a
 * WebSocket, on 127.0.0.1 only. A random token guards every call, and the Host and Origin
 * headers are checked so that no other web page in the person's browser can drive it
 * (DNS rebinding and cross-site WebSocket hijacking). Local paths in calls must be inside the
 * person's home folder (home-folder-confinement.ts): with no file dialogs, paths are typed.
 */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const { mailroom, rendererDir, logger } = options
  const token = randomBytes(24).toString('hex')
  const stagingDir = await mkdtemp(join(tmpdir(), 'mailroom-staging-'))
  const confinement = new HomeFolderConfinement(stagingDir, options.home)
  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const allowedOrigins = () => allowedHosts().map((host) => `http://${host}`)

  const hasToken = (given: string | null | undefined) => {
    if (!given) return false
    const a = Buffer.from(given)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch((error: unknown) => {
      logger.error('Web bridge request failed', {
        url: request.url?.split('?')[0],
        error: error instanceof Error ? error.message : String(error),
      })
      if (!response.headersSent) send(response, 500, 'Internal error')
      else response.destroy()
    })
  })

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(request.headers.host ?? ''))
      return send(response, 421, 'Wrong host')
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`)
    if (request.method === 'POST' && url.pathname === STAGING_PATH)
      return stageUpload(request, response, url)
    if (request.method !== 'GET') return send(response, 405, 'Method not allowed')
    // The page holds no secret (like its scripts, served to anyone who can reach the port): the
    // token guards the calls and the staging. The page takes the token out of its address once
    // loaded (renderer/api/access-token.ts), so a reload arrives here without one.
    if (url.pathname === '/' || url.pathname === '/index.html')
      return serveFile(response, join(rendererDir, 'index.html'))
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)))
    if (!file.startsWith(rendererDir + sep)) return send(response, 404, 'Not found')
    return serveFile(response, file)
  }

  /**
   * A browser cannot tell the bridge where a dropped file lives, so the web client posts the
   * file's bytes here first; core then sends the staged copy like any local file.
   */
  async function stageUpload(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    if (
      !allowedOrigins().includes(request.headers.origin ?? '') ||
      !hasToken(header(request, TOKEN_HEADER))
    ) {
      return send(response, 403, 'Forbidden')
    }
    const name = safeLocalName(url.searchParams.get('name') ?? 'file')
    const folder = join(stagingDir, randomUUID())
    await mkdir(folder)
    const path = join(folder, name)
    await pipeline(request, createWriteStream(path, { flags: 'wx' }))
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    response.end(JSON.stringify({ path }))
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 })
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`)
    const trusted =
      url.pathname === API_SOCKET_PATH &&
      allowedHosts().includes(request.headers.host ?? '') &&
      allowedOrigins().includes(request.headers.origin ?? '') &&
      hasToken(url.searchParams.get('token'))
    if (!trusted) {
      logger.warn('Web bridge refused a WebSocket', {
        origin: request.headers.origin ?? '',
        host: request.headers.host ?? '',
      })
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws))
  })

  function attach(ws: WebSocket): void {
    const toPage = coalescingTransferUpdates((events) =>
      ws.send(JSON.stringify({ type: 'events', events } satisfies BridgeMessage)),
    )
    const unsubscribe = mailroom.subscribe(toPage.listener)
    ws.on('close', () => {
      unsubscribe()
      toPage.stop()
    })
    ws.on('message', (data) => {
      let parsed: ReturnType<typeof bridgeRequest.safeParse>
      try {
        parsed = bridgeRequest.safeParse(JSON.parse(data.toString()))
      } catch {
        parsed = bridgeRequest.safeParse(undefined)
      }
      if (!parsed.success) {
        logger.warn('Web bridge dropped a malformed message')
        return
      }
      const { id, name, input } = parsed.data
      void (async () => {
        const refusal = await confinement.refusal(name, input)
        const result = refusal
          ? ({ ok: false, error: refusal } as const)
          : await mailroom.dispatch(name, input)
        if (!refusal) confinement.noteResult(name, result)
        if (ws.readyState === ws.OPEN)
          ws.send(JSON.stringify({ type: 'result', id, result } satisfies BridgeMessage))
      })()
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await rm(stagingDir, { recursive: true, force: true })
    },
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  })
  response.end(text)
}

async function serveFile(response: ServerResponse, path: string): Promise<void> {
  let body: Buffer
  try {
    body = await readFile(path)
  } catch {
    return send(response, 404, 'Not found')
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  })
  response.end(body)
}
