import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { hardenWebContents } from '../../../src/main/shell/window-security'
import { appPage } from '../../../src/main/shell/app-page'
import { isAllowedExternalLink } from '../../../src/main/shell/external-links'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy'
import {
  bootShell,
  commandDouble,
  createMailroomDouble,
  electronStoreDouble,
  untilLoaded,
} from './boot-shell'
import type { FakeBrowserWindow } from './electron-double'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)
vi.mock('electron-store', () => electronStoreDouble)
vi.mock('../../../src/main/core/app/create-mailroom', () => createMailroomDouble())
vi.mock('../../../src/cli/run-command', () => commandDouble())

type Double = Awaited<ReturnType<typeof bootShell>>
type Handler = (...args: unknown[]) => unknown

/**
 * Electron's security checklist (electronjs.org, "Security"), all 20 items, in its order and
 * with its numbers, asserted on the shell as src/main/index.ts composes it (Electron replaced
 * by a test double). A missing number here is a missing item.
 */
describe('Electron security checklist', () => {
  let double: Double
  let window: FakeBrowserWindow
  let prefs: Record<string, unknown>

  beforeEach(async () => {
    double = await bootShell([])
    window = await untilLoaded(double)
    prefs = window.options.webPreferences as Record<string, unknown>
  })

  const permissionRequest = (permission: string, requestingUrl: string) => {
    let granted: boolean | undefined
    ;(double.fake.session.requestHandler as Handler)(
      window.webContents,
      permission,
      (answer: boolean) => (granted = answer),
      { requestingUrl },
    )
    return granted
  }
  const permissionCheck = (permission: string, origin: string) =>
    (double.fake.session.checkHandler as Handler)(window.webContents, permission, origin, {})

  it('1. only loads secure content: the app:// page, a secure scheme; the CSP allows no remote source', () => {
    expect(window.loaded).toEqual(['app://mailroom/index.html'])
    expect(double.fake.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*/)
  })

  it('2. Node.js integration is off, in the page, its workers and its frames', () => {
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('3. context isolation is on', () => {
    expect(prefs.contextIsolation).toBe(true)
  })

  it('4. the renderer is sandboxed, and so is every renderer the app makes', () => {
    expect(prefs.sandbox).toBe(true)
    expect(double.fake.app.calls).toContain('enableSandbox')
  })

  it('5. every permission request and check is refused, notifications (and copying) for the app page aside', () => {
    const app = 'app://mailroom/index.html'
    for (const permission of [
      'media',
      'geolocation',
      'openExternal',
      'clipboard-read',
      'hid',
      'serial',
      'usb',
      'display-capture',
      'fullscreen',
      'unknown',
    ]) {
      expect(permissionRequest(permission, app), permission).toBe(false)
      expect(permissionCheck(permission, 'app://mailroom'), permission).toBe(false)
    }
    expect(permissionRequest('notifications', app)).toBe(true)
    expect(permissionCheck('notifications', 'app://mailroom')).toBe(true)
    expect(permissionCheck('clipboard-sanitized-write', 'app://mailroom')).toBe(true)
    // Not for any other page, were one ever loaded.
    expect(permissionRequest('notifications', 'https://elsewhere.invalid/')).toBe(false)
    expect(permissionCheck('notifications', 'https://elsewhere.invalid')).toBe(false)
    expect(permissionCheck('clipboard-sanitized-write', 'file://')).toBe(false)
    expect((double.fake.session.deviceHandler as Handler)({ deviceType: 'usb' })).toBe(false)
  })

  it('6. web security is on', () => {
    expect(prefs.webSecurity).toBe(true)
  })

  it('7. a strict Content-Security-Policy is sent with every response', async () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/)
    const page = await double.fake.protocolHandlers.get('app')?.(
      new Request('app://mailroom/index.html'),
    )
    expect(page?.headers.get('content-security-policy') ?? 'no app:// response').toBe(
      CONTENT_SECURITY_POLICY,
    )
    let headers: Record<string, string[]> | undefined
    ;(double.fake.session.headersListener as Handler)(
      { responseHeaders: { 'Content-Type': ['text/html'] } },
      (answer: { responseHeaders: Record<string, string[]> }) => (headers = answer.responseHeaders),
    )
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    })
  })

  it('8. insecure content is not allowed to run', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false)
  })

  it('9. experimental features are off', () => {
    expect(prefs.experimentalFeatures).toBe(false)
  })

  it('10. no Blink features are enabled', () => {
    expect(prefs.enableBlinkFeatures).toBe('')
  })

  it('11. no <webview> (so none with allowpopups): the tag is off', () => {
    expect(prefs.webviewTag).toBe(false)
  })

  it('12. a <webview> could not be attached anyway', () => {
    expect(window.webContents.emitPreventable('will-attach-webview', {}, {})).toBe(true)
  })

  it('13. navigation away from the page and every redirect are refused; a reload is not', () => {
    const contents = window.webContents
    expect(contents.emitPreventable('will-navigate', 'https://attacker.invalid/')).toBe(true)
    expect(contents.emitPreventable('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(contents.emitPreventable('will-navigate', 'app://mailroom/other.html')).toBe(true)
    expect(contents.emitPreventable('will-navigate', 'app://mailroom/index.html')).toBe(false)
    expect(contents.emitPreventable('will-navigate', 'app://mailroom/index.html#/profiles')).toBe(
      false,
    )
    expect(contents.emitPreventable('will-redirect', 'app://mailroom/index.html')).toBe(true)
    expect(prefs.navigateOnDragDrop).toBe(false)
    const frame = (url: string, isMainFrame: boolean) => {
      const event = {
        url,
        isMainFrame,
        defaultPrevented: false,
        preventDefault: () => void (event.defaultPrevented = true),
      }
      contents.emit('will-frame-navigate', event)
      return event.defaultPrevented
    }
    expect(frame('app://mailroom/index.html', false)).toBe(true)
    expect(frame('https://attacker.invalid/', true)).toBe(true)
    expect(frame('app://mailroom/index.html', true)).toBe(false)
    expect(double.fake.openedExternally).toEqual([])
  })

  it('14. no new window is ever created', () => {
    const open = window.webContents.windowOpenHandler
    expect(open?.({ url: 'https://attacker.invalid/' })).toEqual({ action: 'deny' })
    expect(open?.({ url: 'app://mailroom/index.html' })).toEqual({ action: 'deny' })
  })

  it('15. shell.openExternal only for https links the app wrote (today: none)', async () => {
    window.webContents.windowOpenHandler?.({ url: 'https://attacker.invalid/' })
    window.webContents.emitPreventable('will-navigate', 'https://attacker.invalid/')
    expect(double.fake.openedExternally).toEqual([])
    // With a link on the list: that link exactly, over https, and nothing else.
    const guide = 'https://guide.example/sftp-setup'
    expect(isAllowedExternalLink(guide, [guide])).toBe(true)
    for (const url of [
      'http://guide.example/sftp-setup',
      'https://guide.example/sftp-setup/../../x',
      'https://guide.example/sftp-setup-evil',
      'https://user@guide.example/sftp-setup',
      'file:///C:/Windows/System32/calc.exe',
      'ms-msdt:/id',
      'not a url',
    ])
      expect(isAllowedExternalLink(url, [guide]), url).toBe(false)
    const opened: string[] = []
    const contents = new double.FakeWebContents()
    hardenWebContents(contents as never, {
      page: appPage(undefined),
      externalLinks: [guide],
      openExternal: async (url) => void opened.push(url),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined } as never,
    })
    expect(contents.windowOpenHandler?.({ url: guide })).toEqual({ action: 'deny' })
    expect(contents.emitPreventable('will-navigate', guide)).toBe(true)
    contents.windowOpenHandler?.({ url: 'https://guide.example/other' })
    expect(opened).toEqual([guide, guide])
  })

  it('16. a current Electron: major 45, the latest supported', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { version?: string }>
    }
    const installed = lock.packages['node_modules/electron']?.version ?? ''
    expect(Number(installed.split('.')[0])).toBeGreaterThanOrEqual(45)
  })

  it('17. the sender of every IPC message is checked', async () => {
    const stranger = new double.FakeWebContents()
    expect(
      await double.fake.ipcMain.invoke('app:info', stranger, stranger.mainFrame, {}),
    ).toMatchObject({ ok: false, error: { message: 'Request refused.' } })
    expect(
      await double.fake.ipcMain.invoke(
        'app:info',
        window.webContents,
        window.webContents.mainFrame,
        {},
      ),
    ).toEqual({ ok: true, value: null })
  })

  it('18. no file:// page: the app:// protocol serves the renderer folder and nothing outside it', async () => {
    expect(window.loadedFiles).toEqual([])
    const calls = double.fake.app.calls
    expect(calls.indexOf('registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0)
    expect(calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(calls.indexOf('whenReady'))
    const escape = await double.fake.protocolHandlers.get('app')?.(
      new Request('app://mailroom/..%2f..%2f..%2fpackage.json'),
    )
    expect(escape?.status).toBe(403)
  })

  it('19. fuses: the shell needs nothing the packaged app’s fuses turn off', () => {
    // The fuses are flipped by the packaging hook (and checked by its test). What the shell
    // must not rely on: ELECTRON_RUN_AS_NODE (headless mode is `--cli` in the main process,
    // test/main/shell/headless.test.ts), NODE_OPTIONS, --inspect, and file:// privileges.
    const shellSources = [
      'src/main/index.ts',
      'src/main/ipc-registration.ts',
      'src/preload/index.ts',
      ...[
        'app-page',
        'app-protocol',
        'headless',
        'main-window',
        'native-platform',
        'window-security',
      ].map((name) => `src/main/shell/${name}.ts`),
    ]
    for (const file of shellSources) {
      const source = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')
      expect(source, file).not.toMatch(
        /ELECTRON_RUN_AS_NODE|NODE_OPTIONS|--inspect|loadFile\(|file:\/\//,
      )
    }
    expect(double.fake.commandRuns).toEqual([])
  })

  it('20. no Electron API reaches the page: the preload exposes the typed API only', async () => {
    await import('../../../src/preload/index')
    const exposed = double.fake.exposed.get('mailroom') as Record<string, unknown>
    expect([...double.fake.exposed.keys()]).toEqual(['mailroom'])
    expect(Object.keys(exposed).sort()).toEqual(['invoke', 'pathForFile', 'subscribe'])
    expect(Object.values(exposed).every((value) => typeof value === 'function')).toBe(true)
  })
})

describe('with the development server', () => {
  it('loads the dev server’s page and treats it, not app://, as the app page', async () => {
    const double = await bootShell([], { ELECTRON_RENDERER_URL: 'http://localhost:5173' })
    const window = await untilLoaded(double)
    expect(window.loaded).toEqual(['http://localhost:5173'])
    expect(window.webContents.emitPreventable('will-navigate', 'http://localhost:5173/')).toBe(
      false,
    )
    expect(window.webContents.emitPreventable('will-navigate', 'app://mailroom/index.html')).toBe(
      true,
    )
    window.webContents.mainFrame.url = 'http://localhost:5173/'
    expect(
      await double.fake.ipcMain.invoke(
        'app:info',
        window.webContents,
        window.webContents.mainFrame,
        {},
      ),
    ).toEqual({ ok: true, value: null })
  })
})
