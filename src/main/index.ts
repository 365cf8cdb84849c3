import { createWriteStream, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, nativeImage, session, shell } from 'electron'
import Store from 'electron-store'
import { createMailroom, type Mailroom } from './core/app/create-mailroom'
import { createLineLogger } from './core/logging/logger'
import { KeychainSecretStore } from './core/secrets/keychain-secret-store'
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy'
import { registerIpc } from './ipc-registration'
// Native behaviour: menu, one instance, remembered window, taskbar progress, pickup notices.
import { installAppMenu, readDocsUrl } from './shell/app-menu'
import { notifyFinishedPickups } from './shell/pickup-notifications'
import { claimSingleInstance } from './shell/single-instance'
import { showTransferProgress } from './shell/taskbar-progress'
import { rememberWindowState, restoreWindowPlacement, MIN_WINDOW_SIZE } from './shell/window-state'

/**
 * The Electron shell, kept thin on purpose: a locked-down window, the IPC adapter, native
 * dialogs. Everything else is core, which the web bridge and the tests run without Electron.
 */
const here = fileURLToPath(new URL('.', import.meta.url))
const rendererIndex = join(here, '../renderer/index.html')
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const appUrl = devServerUrl ?? pathToFileURL(rendererIndex).href
const isAppUrl = (url: string) => url.split(/[?#]/)[0] === appUrl.split(/[?#]/)[0]

// A 16x16 square shown under the pointer while a file is dragged out (macOS requires an icon).
const DRAG_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGUlEQVR4nGOQz3/9nxLMMGrAqAGjBgwXAwCBLngfwRd2zQAAAABJRU5ErkJggg=='

// `npm run demo` hands the app the folder holding its demo profiles; otherwise the OS's own.
if (process.env.MAILROOM_DATA_DIR) app.setPath('userData', process.env.MAILROOM_DATA_DIR)

let mailroom: Mailroom | undefined
let mainWindow: BrowserWindow | undefined

function createWindow(settings: Store<Record<string, unknown>>): BrowserWindow {
  const placement = restoreWindowPlacement(settings)
  const window = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Mailroom',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  })
  rememberWindowState(window, settings, placement)
  window.once('ready-to-show', () => window.show())
  // No remote content and no navigation: the window only ever shows the app's own page.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  window.webContents.on('will-redirect', (event) => event.preventDefault())
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  return window
}

async function start(): Promise<void> {
  const logDir = join(app.getPath('userData'), 'logs')
  mkdirSync(logDir, { recursive: true })
  const logFile = createWriteStream(join(logDir, 'mailroom.log'), { flags: 'a' })
  const logger = createLineLogger((line) => logFile.write(`${line}\n`))

  // Desktop notifications for finished sends; nothing else (camera, location...) is ever granted.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, grant) =>
    grant(permission === 'notifications'),
  )
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    })
  })

  const settings = new Store<Record<string, unknown>>({ name: 'settings' })
  const window = createWindow(settings)
  mainWindow = window
  mailroom = createMailroom({
    dataDir: app.getPath('userData'),
    settings,
    secrets: new KeychainSecretStore(),
    logger,
    platform: {
      transport: 'electron',
      version: app.getVersion(),
      chooseFolder: async (title) => {
        const result = await dialog.showOpenDialog(window, {
          title,
          properties: ['openDirectory', 'createDirectory'],
        })
        return result.canceled ? null : (result.filePaths[0] ?? null)
      },
      chooseFile: async (title) => {
        const result = await dialog.showOpenDialog(window, {
          title,
          properties: ['openFile', 'showHiddenFiles'],
        })
        return result.canceled ? null : (result.filePaths[0] ?? null)
      },
      chooseSaveFile: async (title, defaultName) => {
        const result = await dialog.showSaveDialog(window, {
          title,
          defaultPath: defaultName,
          properties: ['showOverwriteConfirmation'],
        })
        return result.canceled ? null : (result.filePath ?? null)
      },
      showInFolder: (path) => shell.showItemInFolder(path),
      startDrag: (path) =>
        window.webContents.startDrag({
          file: path,
          icon: nativeImage.createFromDataURL(DRAG_ICON),
        }),
    },
  })
  registerIpc(mailroom, window, isAppUrl, logger)
  installAppMenu(window, {
    packaged: app.isPackaged,
    docsUrl: readDocsUrl(app.getAppPath()),
    logger,
  })
  showTransferProgress(mailroom.subscribe, window)
  notifyFinishedPickups(mailroom.subscribe, window)
  await (devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(rendererIndex))
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the person's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
})

// A second launch focuses the first window and quits; the lead calls this after the --cli check.
const primaryInstance = claimSingleInstance(() => mainWindow)

app.whenReady().then(
  () => (primaryInstance ? start() : undefined),
  (error: unknown) => {
    dialog.showErrorBox('Mailroom could not start', String(error))
    app.exit(1)
  },
)

app.on('window-all-closed', () => {
  void mailroom?.shutdown().finally(() => app.quit())
})
