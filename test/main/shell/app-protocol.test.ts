import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_PAGE_URL,
  appFileHandler,
  fileInside,
  mimeTypeOf,
  registerAppScheme,
  serveAppFiles,
} from '../../../src/main/shell/app-protocol'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy'

/** app://mailroom/ serves the built renderer folder and nothing outside it. */
describe('the app:// protocol', () => {
  let scratch: string
  let root: string
  let handler: (request: Request) => Promise<Response>
  const SECRET = 'private key material, outside the renderer folder'

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'mailroom-protocol-'))
    // scratch/app/out/renderer is the root; scratch/app/secret.txt and scratch/secret.txt are
    // what an escape would reach.
    root = join(scratch, 'app', 'out', 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Mailroom</title>')
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
    writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}')
    writeFileSync(join(root, 'assets', 'inter.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]))
    writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>')
    writeFileSync(join(scratch, 'app', 'secret.txt'), SECRET)
    writeFileSync(join(scratch, 'secret.txt'), SECRET)
    handler = appFileHandler(root)
  })
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }))

  it('serves the page with its type and the CSP header', async () => {
    const response = await get(APP_PAGE_URL)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<title>Mailroom</title>')
  })

  it('gives scripts, styles, fonts and images the MIME type Chromium insists on', async () => {
    const types = {
      'app://mailroom/assets/index-abc.js': 'text/javascript; charset=utf-8',
      'app://mailroom/assets/index-abc.css': 'text/css; charset=utf-8',
      'app://mailroom/assets/inter.woff2': 'font/woff2',
      'app://mailroom/assets/logo.svg': 'image/svg+xml',
    }
    for (const [url, type] of Object.entries(types)) {
      const response = await get(url)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('content-type'), url).toBe(type)
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY)
    }
    expect(mimeTypeOf('x/README')).toBe('application/octet-stream')
    expect(mimeTypeOf('x/INDEX.HTML')).toBe('text/html; charset=utf-8')
  })

  it('never answers with a file outside the renderer folder, however the path is written', async () => {
    const attempts = [
      'app://mailroom/../../secret.txt',
      'app://mailroom/../../../secret.txt',
      'app://mailroom/%2e%2e/%2e%2e/secret.txt',
      'app://mailroom/..%2f..%2fsecret.txt',
      'app://mailroom/..%2F..%2F..%2Fsecret.txt',
      'app://mailroom/assets/..%2f..%2f..%2fsecret.txt',
      'app://mailroom/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://mailroom/..%5c..%5csecret.txt',
      'app://mailroom/%252e%252e%252fsecret.txt',
      `app://mailroom/${encodeURIComponent(join(scratch, 'secret.txt'))}`,
      'app://mailroom/index.html%00.js',
      'app://mailroom/%E0%A4%A',
      'app://mailroom/../../etc/passwd',
    ]
    for (const url of attempts) {
      const response = await get(url)
      expect(response.status, url).not.toBe(200)
      expect(await response.text(), url).not.toContain(SECRET)
    }
    // The encoded separators survive URL parsing: those are refused outright, not "not found".
    expect((await get('app://mailroom/..%2f..%2fsecret.txt')).status).toBe(403)
    expect((await get('app://mailroom/%2e%2e%2f%2e%2e%2fsecret.txt')).status).toBe(403)
  })

  it('resolves paths inside the root and refuses those that leave it', () => {
    expect(fileInside(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'))
    expect(fileInside(root, '/assets/../index.html')).toBe(join(root, 'index.html'))
    expect(fileInside(root, '/..%2findex.html')).toBeUndefined()
    expect(fileInside(root, '/')).toBeUndefined()
    expect(fileInside(root, '/a%00b')).toBeUndefined()
    expect(fileInside(root, '/%zz')).toBeUndefined()
  })

  it('answers only its own host, only reads, and says when a file is missing', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404)
    expect((await get('app://mailroom/missing.js')).status).toBe(404)
    expect((await get('app://mailroom/assets')).status).toBe(404)
    expect((await get(APP_PAGE_URL, 'POST')).status).toBe(405)
    const head = await get(APP_PAGE_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('registers app as a standard, secure scheme and handles it from the given folder', async () => {
    const schemes: unknown[] = []
    registerAppScheme({ registerSchemesAsPrivileged: (list) => void schemes.push(...list) })
    expect(schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    const handled = new Map<string, (request: Request) => Promise<Response>>()
    serveAppFiles(
      {
        handle: (scheme, answer) =>
          void handled.set(scheme, answer as (request: Request) => Promise<Response>),
      },
      root,
    )
    const response = await handled.get('app')?.(new Request(APP_PAGE_URL))
    expect(response?.status).toBe(200)
  })
})
