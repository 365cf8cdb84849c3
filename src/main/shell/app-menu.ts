import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { z } from 'zod'
import { apiEvents, type AppCommand } from '../../shared/api-contract'
import { EVENT_CHANNEL, type ApiEvent } from '../../shared/transport'
import type { Logger } from '../core/logging/logger'

export interface AppMenuOptions {
  readonly platform: NodeJS.Platform
  /** A packaged build has no page reload and no developer tools in its menu. */
  readonly packaged: boolean
  /** The README's address, shown under Help; only an https address is ever offered. */
  readonly docsUrl: string | undefined
  /** Asks the page to do a command; the page owns what each one means. */
  readonly sendCommand: (command: AppCommand) => void
  readonly openExternal: (url: string) => void
}

const httpsUrl = z.url({ protocol: /^https$/ })

/**
 * The application menu as a template: the platform's usual roles (so copy, paste, select all,
 * hide and quit work as people expect) plus Mailroom's own commands and their shortcuts. Pure,
 * so its items are tested without Electron.
 */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const command = (
    label: string,
    name: AppCommand,
    accelerator: string,
  ): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => options.sendCommand(name),
  })
  const docsUrl = httpsUrl.safeParse(options.docsUrl)

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          role: 'appMenu',
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : []
  const developerItems: MenuItemConstructorOptions[] = options.packaged
    ? []
    : [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
      ]

  const helpItems: MenuItemConstructorOptions[] = [
    ...(docsUrl.success
      ? [{ label: 'Mailroom documentation', click: () => options.openExternal(docsUrl.data) }]
      : []),
    // macOS has About in the app menu; elsewhere Help is where people look for it.
    ...(mac ? [] : [{ role: 'about' } as const]),
  ]

  return [
    ...appMenu,
    {
      role: 'fileMenu',
      submenu: [
        command('New profile…', 'new-profile', 'CmdOrCtrl+N'),
        command('Send files…', 'send-files', 'CmdOrCtrl+O'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      role: 'editMenu',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      role: 'viewMenu',
      submenu: [
        command('Refresh', 'refresh', 'F5'),
        command('Session log', 'session-log', 'CmdOrCtrl+L'),
        { type: 'separator' },
        ...developerItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    ...(helpItems.length > 0 ? [{ role: 'help' as const, submenu: helpItems }] : []),
  ]
}

/** The README's https address from the app's own package.json (`homepage`), if it names one. */
export function readDocsUrl(appPath: string): string | undefined {
  const manifest = z
    .object({ homepage: httpsUrl.optional() })
    .safeParse(JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')))
  return manifest.success ? manifest.data.homepage : undefined
}

/**
 * Sets the menu for the app. A command goes to the window as the contract's `app:command`
 * event, validated as every event is. A click in a native menu is not a gesture inside the
 * page, and Chromium opens a file chooser only after one: the script run first with
 * `userGesture` gives the page that activation, so "Send files…" can open its chooser.
 */
export function installAppMenu(
  window: BrowserWindow,
  options: Pick<AppMenuOptions, 'packaged' | 'docsUrl'> & { readonly logger: Logger },
): void {
  const { logger, ...menuOptions } = options
  const sendCommand = (command: AppCommand) => {
    if (window.isDestroyed()) return
    const event: ApiEvent = {
      name: 'app:command',
      payload: apiEvents['app:command'].parse({ command }),
    }
    const send = () => {
      if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, [event])
    }
    // Without the activation the command still runs; only a file chooser may stay shut.
    window.webContents.executeJavaScript('undefined', true).then(send, (error: unknown) => {
      logger.warn('Could not pass the menu click to the page as a gesture', {
        command,
        error: String(error),
      })
      send()
    })
  }
  const template = appMenuTemplate({
    ...menuOptions,
    platform: process.platform,
    sendCommand,
    openExternal: (url) => void shell.openExternal(url),
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
