import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Mailroom } from '../../../src/main/core/app/create-mailroom'
import type { Logger } from '../../../src/main/core/logging/logger'
import { callNames } from '../../../src/shared/api-contract'
import { PATH_GRANT_CHANNEL } from '../../../src/shared/electron-bridge'
import { EVENT_CHANNEL } from '../../../src/shared/transport'
import { FakeBrowserWindow, FakeFrame, FakeWebContents, fake, resetFake } from './electron-double'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)

const { registerIpc } = await import('../../../src/main/ipc-registration')
const { PathGrants } = await import('../../../src/main/shell/path-grants')
const { appPage } = await import('../../../src/main/shell/app-page')

/** The IPC adapter: the sender check (checklist item 17) and the upload capability, before dispatch. */
describe('registerIpc', () => {
  const page = appPage(undefined)
  let window: FakeBrowserWindow
  let dispatched: { name: string; input: unknown }[]
  let warnings: string[]
  let grants: InstanceType<typeof PathGrants>
  let listeners: ((event: unknown) => void)[]
  let stop: () => void

  beforeEach(() => {
    resetFake()
    window = new FakeBrowserWindow({})
    dispatched = []
    warnings = []
    listeners = []
    grants = new PathGrants('linux')
    const mailroom = {
      dispatch: async (name: string, input: unknown) => {
        dispatched.push({ name, input })
        return name === 'transfer:zip'
          ? { ok: true, value: '/tmp/mailroom-zip-1/orders.zip' }
          : { ok: true, value: ['transfer-1'] }
      },
      subscribe: (listener: (event: unknown) => void) => {
        listeners.push(listener)
        return () => undefined
      },
      shutdown: async () => undefined,
    } as unknown as Mailroom
    const logger = {
      info: () => undefined,
      warn: (message: string) => void warnings.push(message),
      error: () => undefined,
    } as unknown as Logger
    stop = registerIpc(mailroom, window as never, page.isAppUrl, logger, grants)
  })

  const send = (localPaths: string[]) => ({ profileId: 'p1', remoteFolder: '/outbox', localPaths })
  const fromApp = (name: string, input: unknown) =>
    fake.ipcMain.invoke(name, window.webContents, window.webContents.mainFrame, input)

  it('registers one handler per call of the contract and the preload grant message', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...callNames].sort())
    expect(fake.ipcMain.listeners.get(PATH_GRANT_CHANNEL)).toHaveLength(1)
  })

  it('dispatches a call from the app page in its window', async () => {
    expect(await fromApp('profiles:list', {})).toEqual({ ok: true, value: ['transfer-1'] })
    expect(dispatched).toEqual([{ name: 'profiles:list', input: {} }])
  })

  it('drops calls from another window, a frame inside the page, a navigated page, or no frame', async () => {
    const other = new FakeWebContents()
    const subFrame = new FakeFrame('app://mailroom/index.html')
    const elsewhere = new FakeWebContents('https://attacker.invalid/')
    const senders: [FakeWebContents, FakeFrame | null][] = [
      [other, other.mainFrame],
      [window.webContents, subFrame],
      [window.webContents, null],
    ]
    for (const [sender, frame] of senders) {
      const result = await fake.ipcMain.invoke('profiles:list', sender, frame, {})
      expect(result).toEqual({
        ok: false,
        error: { kind: 'invalid-input', message: 'Request refused.' },
      })
    }
    window.webContents.mainFrame.url = elsewhere.mainFrame.url
    expect(await fromApp('profiles:list', {})).toMatchObject({ ok: false })
    expect(dispatched).toEqual([])
    expect(warnings).toHaveLength(4)
  })

  it('refuses to send a file the window was not given, before dispatch', async () => {
    const result = await fromApp('transfer:send', send(['/home/person/.ssh/id_ed25519']))
    expect(result).toMatchObject({ ok: false, error: { kind: 'permission-denied' } })
    expect(dispatched).toEqual([])
  })

  it('sends a file the preload said was dropped on this window, and what is under a dropped folder', async () => {
    fake.ipcMain.send(
      PATH_GRANT_CHANNEL,
      window.webContents,
      window.webContents.mainFrame,
      '/home/person/order.xml',
    )
    fake.ipcMain.send(
      PATH_GRANT_CHANNEL,
      window.webContents,
      window.webContents.mainFrame,
      '/home/person/outbox',
    )
    expect(
      await fromApp('transfer:send', send(['/home/person/order.xml', '/home/person/outbox/a.xml'])),
    ).toMatchObject({ ok: true })
    expect(dispatched.map((call) => call.name)).toEqual(['transfer:send'])
    // One path not given refuses the whole call: nothing half-sent.
    expect(
      await fromApp('transfer:send', send(['/home/person/order.xml', '/home/person/other.xml'])),
    ).toMatchObject({ ok: false, error: { kind: 'permission-denied' } })
    expect(dispatched).toHaveLength(1)
  })

  it('ignores a grant from another window or a frame, and a grant that is not a path', async () => {
    const other = new FakeWebContents()
    fake.ipcMain.send(PATH_GRANT_CHANNEL, other, other.mainFrame, '/home/person/a.xml')
    fake.ipcMain.send(
      PATH_GRANT_CHANNEL,
      window.webContents,
      new FakeFrame(page.url),
      '/home/person/b.xml',
    )
    fake.ipcMain.send(PATH_GRANT_CHANNEL, window.webContents, window.webContents.mainFrame, {
      path: '/',
    })
    for (const path of ['/home/person/a.xml', '/home/person/b.xml'])
      expect(await fromApp('transfer:send', send([path]))).toMatchObject({ ok: false })
    expect(dispatched).toEqual([])
  })

  it('lets the window send the archive it zipped from files it was given', async () => {
    grants.grant(window.webContents.id, '/home/person/a.xml')
    expect(
      await fromApp('transfer:zip', { localPaths: ['/etc/passwd'], archiveName: 'x.zip' }),
    ).toMatchObject({ ok: false })
    const zipped = await fromApp('transfer:zip', {
      localPaths: ['/home/person/a.xml'],
      archiveName: 'orders.zip',
    })
    expect(zipped).toEqual({ ok: true, value: '/tmp/mailroom-zip-1/orders.zip' })
    expect(await fromApp('transfer:send', send(['/tmp/mailroom-zip-1/orders.zip']))).toMatchObject({
      ok: true,
    })
  })

  it('leaves a malformed input to dispatch, which refuses it with its own message', async () => {
    await fromApp('transfer:send', { localPaths: 'not a list' })
    expect(dispatched).toEqual([{ name: 'transfer:send', input: { localPaths: 'not a list' } }])
  })

  it('forwards events to the window, and unregisters everything and forgets the grants when stopped', () => {
    listeners[0]?.({ name: 'session:closed', payload: { profileId: 'p1' } })
    expect(window.webContents.sent).toEqual([
      {
        channel: EVENT_CHANNEL,
        payload: [{ name: 'session:closed', payload: { profileId: 'p1' } }],
      },
    ])
    grants.grant(window.webContents.id, '/home/person/a.xml')
    stop()
    expect(fake.ipcMain.handlers.size).toBe(0)
    expect(fake.ipcMain.listeners.get(PATH_GRANT_CHANNEL)).toEqual([])
    expect(grants.covers(window.webContents.id, '/home/person/a.xml')).toBe(false)
  })
})
