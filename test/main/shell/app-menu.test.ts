import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppCommand } from '../../../src/shared/api-contract'
import { EVENT_CHANNEL } from '../../../src/shared/transport'

const electron = vi.hoisted(() => ({
  applied: [] as unknown[],
  opened: [] as string[],
}))

vi.mock('electron', () => ({
  Menu: {
    // The double keeps the template itself, so the test can read and click its items.
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (menu: unknown) => electron.applied.push(menu),
  },
  shell: { openExternal: async (url: string) => void electron.opened.push(url) },
}))

const { appMenuTemplate, installAppMenu, readDocsUrl } =
  await import('../../../src/main/shell/app-menu')

type Item = MenuItemConstructorOptions

function items(template: readonly Item[]): Item[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu as Item[]) : []),
  ])
}

function byLabel(template: readonly Item[], label: string): Item {
  const found = items(template).find((item) => item.label === label)
  if (!found) throw new Error(`No menu item "${label}"`)
  return found
}

function click(item: Item): void {
  ;(item.click as () => void)()
}

function template(overrides: Partial<Parameters<typeof appMenuTemplate>[0]> = {}) {
  const sent: AppCommand[] = []
  const opened: string[] = []
  const menu = appMenuTemplate({
    platform: 'win32',
    packaged: true,
    docsUrl: 'https://docs.example.test/mailroom#readme',
    sendCommand: (command) => sent.push(command),
    openExternal: (url) => opened.push(url),
    ...overrides,
  })
  return { menu, sent, opened }
}

const roles = (menu: readonly Item[]) => items(menu).flatMap((item) => item.role ?? [])

describe('the application menu', () => {
  it.each([
    ['New profile…', 'CmdOrCtrl+N', 'new-profile'],
    ['Send files…', 'CmdOrCtrl+O', 'send-files'],
    ['Session log', 'CmdOrCtrl+L', 'session-log'],
    ['Refresh', 'F5', 'refresh'],
  ] as const)('"%s" has %s and asks the page to do %s', (label, accelerator, command) => {
    const { menu, sent } = template()
    const item = byLabel(menu, label)
    expect(item.accelerator).toBe(accelerator)
    click(item)
    expect(sent).toEqual([command])
  })

  it('has the edit roles, a window menu, and no app menu outside macOS', () => {
    const { menu } = template({ platform: 'linux' })
    expect(roles(menu)).toEqual(
      expect.arrayContaining(['editMenu', 'copy', 'paste', 'selectAll', 'cut', 'windowMenu']),
    )
    expect(roles(menu)).not.toContain('appMenu')
    expect(menu.map((item) => item.role)).toEqual([
      'fileMenu',
      'editMenu',
      'viewMenu',
      'windowMenu',
      'help',
    ])
  })

  it('puts the macOS app menu first, with hide and quit there', () => {
    const { menu } = template({ platform: 'darwin' })
    expect(menu[0]?.role).toBe('appMenu')
    const appItems = (menu[0]?.submenu as Item[]).map((item) => item.role)
    expect(appItems).toEqual(expect.arrayContaining(['about', 'hide', 'hideOthers', 'quit']))
    // Quit lives in the app menu on macOS; the File menu closes the window instead.
    const fileItems = (menu[1]?.submenu as Item[]).map((item) => item.role)
    expect(fileItems).toContain('close')
    expect(fileItems).not.toContain('quit')
  })

  it('has no page reload and no developer tools in a packaged build', () => {
    for (const role of ['reload', 'forceReload', 'toggleDevTools'])
      expect(roles(template({ packaged: true }).menu)).not.toContain(role)
    expect(roles(template({ packaged: false }).menu)).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
    )
  })

  it('links Help to the documentation over https, and offers no link otherwise', () => {
    const { menu, opened } = template()
    click(byLabel(menu, 'Mailroom documentation'))
    expect(opened).toEqual(['https://docs.example.test/mailroom#readme'])

    for (const docsUrl of [
      'http://docs.example.test/',
      'file:///etc/passwd',
      'javascript:1',
      undefined,
    ]) {
      const labels = items(template({ docsUrl }).menu).map((item) => item.label)
      expect(labels).not.toContain('Mailroom documentation')
    }
    // On macOS About is in the app menu, so an empty Help menu is left out.
    expect(
      template({ platform: 'darwin', docsUrl: undefined }).menu.map((item) => item.role),
    ).not.toContain('help')
  })
})

describe('installAppMenu', () => {
  beforeEach(() => {
    electron.applied.length = 0
    electron.opened.length = 0
  })

  function fakeWindow(gesture: () => Promise<unknown>) {
    const calls: string[] = []
    const sent: unknown[][] = []
    const window = {
      isDestroyed: () => false,
      webContents: {
        executeJavaScript: (code: string, userGesture: boolean) => {
          calls.push(`execute ${code} ${userGesture}`)
          return gesture()
        },
        send: (...args: unknown[]) => {
          calls.push('send')
          sent.push(args)
        },
      },
    }
    return { window: window as unknown as Electron.BrowserWindow, calls, sent }
  }

  const logger = () => {
    const warnings: string[] = []
    return {
      warnings,
      logger: {
        info: () => {},
        error: () => {},
        warn: (message: string) => warnings.push(message),
      },
    }
  }

  it('sends a clicked command to the window as the app:command event, after a user gesture', async () => {
    const { window, calls, sent } = fakeWindow(async () => undefined)
    installAppMenu(window, { packaged: true, docsUrl: undefined, ...logger() })
    expect(electron.applied).toHaveLength(1)
    click(byLabel(electron.applied[0] as Item[], 'Send files…'))
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    expect(calls).toEqual(['execute undefined true', 'send'])
    expect(sent[0]).toEqual([
      EVENT_CHANNEL,
      [{ name: 'app:command', payload: { command: 'send-files' } }],
    ])
  })

  it('still sends the command, and says why, when the gesture cannot be given', async () => {
    const { window, sent } = fakeWindow(async () => {
      throw new Error('The page is loading')
    })
    const { logger: log, warnings } = logger()
    installAppMenu(window, { packaged: true, docsUrl: undefined, logger: log })
    click(byLabel(electron.applied[0] as Item[], 'Refresh'))
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    expect(sent[0]?.[1]).toEqual([{ name: 'app:command', payload: { command: 'refresh' } }])
    expect(warnings).toHaveLength(1)
  })

  it('opens the documentation in the browser through shell.openExternal', () => {
    const { window } = fakeWindow(async () => undefined)
    installAppMenu(window, {
      packaged: true,
      docsUrl: 'https://docs.example.test/readme',
      ...logger(),
    })
    click(byLabel(electron.applied[0] as Item[], 'Mailroom documentation'))
    expect(electron.opened).toEqual(['https://docs.example.test/readme'])
  })
})

describe('readDocsUrl', () => {
  const appFolder = (manifest: object) => {
    const folder = mkdtempSync(join(tmpdir(), 'mailroom-menu-'))
    writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest))
    return folder
  }

  it('takes the https homepage from the app package.json, and nothing else', () => {
    expect(readDocsUrl(appFolder({ homepage: 'https://docs.example.test/#readme' }))).toBe(
      'https://docs.example.test/#readme',
    )
    expect(readDocsUrl(appFolder({ homepage: 'http://docs.example.test/' }))).toBeUndefined()
    expect(readDocsUrl(appFolder({ name: 'mailroom' }))).toBeUndefined()
  })
})
