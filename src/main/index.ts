import { createWriteStream, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, nativeImage, protocol, session, shell, type BrowserWindow } from 'electron'
import Store from 'electron-store'
import { createMailroom, type Mailroom } from './core/app/create-mailroom'
import { useKdfWorkerFile } from './core/keys/key-derivation'
import kdfWorkerFile from './core/keys/kdf-worker?modulePath'
import { createLineLogger, type Logger } from './core/logging/logger'
import { KeychainSecretStore } from './core/secrets/keychain-secret-store'
import { registerIpc } from './ipc-registration'
import { appPage } from './shell/app-page'
import { registerAppScheme, serveAppFiles } from './shell/app-protocol'
import { sendContentSecurityPolicy } from './shell/content-security'
import { useDataFolder } from './shell/data-folder'
import { EXTERNAL_LINKS } from './shell/external-links'
import { headlessArguments, runHeadless } from './shell/headless'
import { systemProxyResolver } from './shell/system-proxy'
import { fuseFile, inspectFuseIsOn } from './shell/inspect-fuse'
import { decideLaunch, forgetRefusedEnvironment, type Launch } from './shell/launch-guard'
import { createMainWindow } from './shell/main-window'
import { nativePlatform } from './shell/native-platform'
import { PathGrants } from './shell/path-grants'
import { restrictPermissions } from './shell/permissions'
import { hardenWebContents } from './shell/window-security'
// Native behaviour: menu, one instance, remembered window, taskbar progress, pickup notices.
import { installAppMenu, readDocsUrl } from './shell/app-menu'
import { notifyFinishedPickups } from './shell/pickup-notifications'
import { claimSingleInstance } from './shell/single-instance'
import { showTransferProgress } from './shell/taskbar-progress'

/**
 * The Electron shell, kept thin on purpose: it composes src/main/shell/ (the app:// page, the
 * locked-down window, permissions, the dropped-file capability, headless mode) with the IPC
 * adapter. Everything else is core, which the web bridge and the tests run without Electron.
 */
const here = fileURLToPath(new URL('.', import.meta.url))
// Key derivations run in a worker (core/keys/key-derivation.ts), bundled beside this file.
useKdfWorkerFile(kdfWorkerFile)

// First of all: what this launch may take from its environment and command line.
const launch = decideLaunch({
  packaged: app.isPackaged,
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  inspectFuseOn: () => inspectFuseIsOn(fuseFile(process.execPath, process.platform)),
})
forgetRefusedEnvironment(process.env, launch)

if (launch.refusal) {
  process.stderr.write(`${launch.refusal}\n`)
  // The command's "usage error": a scheduled run started this way says so in its log.
  app.exit(2)
} else {
  useDataFolder(app)
  const headless = headlessArguments(process.argv)
  if (headless) {
    void runHeadless(headless, {
      app,
      run: async (args) =>
        (await import('../cli/run-command')).runMailroomCommand(args, {
          resolveProxy: systemProxyResolver(
            () => session.defaultSession,
            () => app.whenReady(),
          ),
        }),
    })
  } else {
    startDesktop(launch)
  }
}

function startDesktop(launch: Launch): void {
  let mailroom: Mailroom | undefined
  let mainWindow: BrowserWindow | undefined
  // A second launch focuses the first window and quits (after the --cli check: the scheduler's
  // command runs beside an open app).
  if (!claimSingleInstance(() => mainWindow)) return
  const page = appPage(launch.devServerUrl)
  registerAppScheme(protocol)
  app.enableSandbox()

  async function start(): Promise<void> {
    const logger = openLog()
    const grants = new PathGrants()
    app.on('web-contents-created', (_event, contents) =>
      hardenWebContents(contents, {
        page,
        externalLinks: EXTERNAL_LINKS,
        openExternal: (url) => shell.openExternal(url),
        logger,
      }),
    )
    restrictPermissions(session.defaultSession, page)
    sendContentSecurityPolicy(session.defaultSession)
    serveAppFiles(protocol, join(here, '../renderer'))

    const settings = new Store<Record<string, unknown>>({ name: 'settings' })
    const window = createMainWindow(join(here, '../preload/index.cjs'), settings)
    mainWindow = window
    mailroom = createMailroom({
      dataDir: app.getPath('userData'),
      settings,
      secrets: new KeychainSecretStore(),
      logger,
      resolveProxy: systemProxyResolver(() => session.defaultSession),
      platform: nativePlatform({
        window,
        dialog,
        shell,
        imageFromDataUrl: (dataUrl) => nativeImage.createFromDataURL(dataUrl),
        grants,
        version: app.getVersion(),
      }),
    })
    registerIpc(mailroom, window, page.isAppUrl, logger, grants, async (question) => {
      const { response } = await dialog.showMessageBox(window, {
        type: 'question',
        title: 'Import sites',
        message: question.message,
        detail: question.detail,
        buttons: [question.yes, 'Cancel'],
        // Cancel is the default: a key pressed in passing reads nothing.
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      })
      return response === 0
    })
    installAppMenu(window, {
      packaged: app.isPackaged,
      docsUrl: readDocsUrl(app.getAppPath()),
      logger,
    })
    showTransferProgress(mailroom.subscribe, window)
    notifyFinishedPickups(mailroom.subscribe, window)
    await window.loadURL(page.url)
  }

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Mailroom could not start', String(error))
      app.exit(1)
    })

  app.on('window-all-closed', () => {
    void (mailroom?.shutdown() ?? Promise.resolve()).finally(() => app.quit())
  })
}

function openLog(): Logger {
  const logDir = join(app.getPath('userData'), 'logs')
  mkdirSync(logDir, { recursive: true })
  const logFile = createWriteStream(join(logDir, 'mailroom.log'), { flags: 'a' })
  return createLineLogger((line) => logFile.write(`${line}\n`))
}
