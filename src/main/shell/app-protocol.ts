import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { Protocol } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'

/**
 * The app's page is served from `app://mailroom/`, not `file://` (Electron's security checklist,
 * item 18): a file:// page may read any file the person can, and its origin is every local file.
 * A standard, secure scheme gets an origin of its own, so `'self'` in the CSP means the app's
 * own files and nothing else on the disk.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'mailroom'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`

/** Must run before the app's `ready` event, once: Chromium fixes its schemes at start-up. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** After `ready`: answers app:// requests from the built renderer folder, and nothing else. */
export function serveAppFiles(protocol: Pick<Protocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, appFileHandler(rendererRoot))
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

/** The Content-Type for a file the app serves; a module script with the wrong one never runs. */
export function mimeTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file under `root` that a request's path names, or undefined when it would be outside it.
 * The URL parser folds plain `..` and `%2e%2e`, but an encoded separator (`..%2f..%2f`, or
 * `%5c` on Windows) survives parsing and becomes `../..` only once decoded: resolve after
 * decoding, then check the result is still inside the root.
 */
export function fileInside(root: string, encodedPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(encodedPath)
  } catch {
    return undefined // a malformed escape names no file of ours
  }
  if (decoded.includes('\0')) return undefined
  const base = resolve(root)
  const file = resolve(base, `.${sep}${decoded}`)
  const within = relative(base, file)
  if (within === '' || within === '..' || within.startsWith(`..${sep}`) || isAbsolute(within))
    return undefined
  return file
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  })
}

/** The app:// handler, apart from Electron so a test can send it requests. */
export function appFileHandler(rendererRoot: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return plain(404, 'Not found')
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Not allowed')
    const file = fileInside(rendererRoot, url.pathname === '/' ? '/index.html' : url.pathname)
    if (!file) return plain(403, 'Forbidden')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')
        return plain(404, 'Not found')
      throw error
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': mimeTypeOf(file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    })
  }
}
