import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Mailroom } from '../../../src/main/core/app/create-mailroom'
import type { Logger } from '../../../src/main/core/logging/logger'
import type { ConsentQuestion } from '../../../src/main/shell/site-import-consent'
import { callNames } from '../../../src/shared/api-contract'
import { PATH_GRANT_CHANNEL } from '../../../src/shared/electron-bridge'
import { EVENT_CHANNEL } from '../../../src/shared/transport'
import { FakeBrowserWindow, FakeFrame, FakeWebContents, fake, resetFake } from './electron-double'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)

const { registerIpc } = await import('../../../src/main/ipc-registration')
const { PathGrants } = await import('../../../src/main/shell/path-grants')
const { appPage } = await import('../../../src/main/shell/app-page')
const { nativePlatform } = await import('../../../src/main/shell/native-platform')
const electron = await import('electron')

const PROFILE = 'profile-1'
const KEY = 'key-00000001'
// What the stand-in for core answers, for the calls whose answers propose local paths.
const RESULTS: Record<string, unknown> = {
  'transfer:zip': '/tmp/mailroom-zip-1/orders.zip',
  'app:info': {
    version: '1.0.0',
    transport: 'electron',
    nativeDialogs: true,
    usualPaths: {
      winscp: '/home/person/WinSCP.ini',
      filezilla: '/home/person/.config/filezilla/sitemanager.xml',
      openssh: '/home/person/.ssh/config',
      knownHosts: '/home/person/.ssh/known_hosts',
    },
  },
  'pickup:folder': { folder: '/home/person/Documents/Mailroom/p/acme', remembered: false },
  'settings:get': { pickupFolder: '/home/person/incoming', pickupFolders: {} },
}

/** The IPC adapter: the sender check (checklist item 17) and the local path capability, before dispatch. */
describe('registerIpc', () => {
  const page = appPage(undefined)
  let window: FakeBrowserWindow
  let dispatched: { name: string; input: unknown }[]
  let warnings: string[]
  let grants: InstanceType<typeof PathGrants>
  let listeners: ((event: unknown) => void)[]
  let stop: () => void
  // The main side's confirmation dialogs: what they asked, and the answers the person gives.
  let questions: ConsentQuestion[]
  let answers: boolean[]

  beforeEach(() => {
    resetFake()
    window = new FakeBrowserWindow({})
    dispatched = []
    warnings = []
    listeners = []
    grants = new PathGrants()
    const mailroom = {
      dispatch: async (name: string, input: unknown) => {
        dispatched.push({ name, input })
        return { ok: true, value: RESULTS[name] ?? ['transfer-1'] }
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
    questions = []
    answers = []
    stop = registerIpc(
      mailroom,
      window as never,
      page.isAppUrl,
      logger,
      grants,
      async (question) => {
        questions.push(question)
        return answers.shift() ?? false
      },
    )
  })

  const send = (localPaths: string[]) => ({
    profileId: PROFILE,
    remoteFolder: 'outbox',
    localPaths,
  })
  const fromApp = (name: string, input: unknown) =>
    fake.ipcMain.invoke(name, window.webContents, window.webContents.mainFrame, input)
  const grantFromPreload = (path: string) =>
    fake.ipcMain.send(PATH_GRANT_CHANNEL, window.webContents, window.webContents.mainFrame, path)

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

  it('sends a file the preload said was dropped on this window, and nothing under a dropped folder', async () => {
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
    expect(await fromApp('transfer:send', send(['/home/person/order.xml']))).toMatchObject({
      ok: true,
    })
    expect(dispatched.map((call) => call.name)).toEqual(['transfer:send'])
    // A folder is not sent (core says so itself when given one), so dropping it grants the
    // folder only, not its tree (issue 19, item 7).
    expect(await fromApp('transfer:send', send(['/home/person/outbox/a.xml']))).toMatchObject({
      ok: false,
      error: { kind: 'permission-denied' },
    })
    expect(await fromApp('transfer:send', send(['/home/person/outbox']))).toMatchObject({
      ok: true,
    })
    dispatched.pop()
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
    grants.grant(window.webContents.id, 'send', '/home/person/a.xml', 'tree')
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

  /** Core's platform on the same grants, as src/main/index.ts composes it: its dialogs grant. */
  const dialogs = () =>
    nativePlatform({
      window: window as never,
      dialog: electron.dialog,
      shell: electron.shell,
      imageFromDataUrl: (url) => electron.nativeImage.createFromDataURL(url),
      grants,
      version: '1.2.3',
    })
  const importKey = (path: string) => ({
    source: { kind: 'path', path },
    rememberPassphrase: false,
  })
  const pickUp = (localFolder: string) => ({ profileId: PROFILE, mailboxPath: 'in', localFolder })
  const refused = { ok: false, error: { kind: 'permission-denied' } }

  it('does not let the key chosen in Import key, or the folder chosen to pick up into, be sent', async () => {
    fake.openDialogAnswer = { canceled: false, filePaths: ['/home/person/.ssh/id_ed25519'] }
    await dialogs().chooseFile?.('Private key file')
    fake.openDialogAnswer = { canceled: false, filePaths: ['/home/person'] }
    await dialogs().chooseFolder?.('Pick up into')
    expect(await fromApp('transfer:send', send(['/home/person/.ssh/id_ed25519']))).toMatchObject(
      refused,
    )
    expect(await fromApp('transfer:send', send(['/home/person/in/a.xml']))).toMatchObject(refused)
    expect(
      await fromApp('transfer:zip', {
        localPaths: ['/home/person/in/a.xml'],
        archiveName: 'a.zip',
      }),
    ).toMatchObject(refused)
    expect(dispatched).toEqual([])
    // What they were chosen for still works.
    expect(await fromApp('keys:import', importKey('/home/person/.ssh/id_ed25519'))).toMatchObject({
      ok: true,
    })
    expect(await fromApp('transfer:pickup', pickUp('/home/person/in'))).toMatchObject({ ok: true })
  })

  it('reads a key only from a file chosen with Browse… or dropped, not a typed path', async () => {
    const typed = await fromApp('keys:import', importKey('/home/person/.ssh/id_rsa'))
    expect(typed).toMatchObject(refused)
    expect((typed as { error: { message: string } }).error.message).toMatch(
      /^Mailroom can only read files you chose with Browse…/,
    )
    expect(dispatched).toEqual([])
    fake.openDialogAnswer = { canceled: false, filePaths: ['/home/person/keys/partner.ppk'] }
    await dialogs().chooseFile?.('Private key file')
    grantFromPreload('/home/person/Downloads/dropped.key')
    for (const path of ['/home/person/keys/partner.ppk', '/home/person/Downloads/dropped.key'])
      expect(await fromApp('keys:import', importKey(path))).toMatchObject({ ok: true })
    // A pasted key names no file.
    expect(
      await fromApp('keys:import', {
        source: { kind: 'text', text: 'KEY' },
        rememberPassphrase: false,
      }),
    ).toMatchObject({ ok: true })
    expect(dispatched).toHaveLength(3)
  })

  it('reads the site files it proposes, and the keys they name, only once the person says yes in a dialog of the main side', async () => {
    // A home of the test's own, where usualSitePaths() looks (issue 19, item 3).
    const home = mkdtempSync(join(tmpdir(), 'mailroom-consent-home-'))
    const savedHome = process.env.HOME
    process.env.HOME = home
    try {
      mkdirSync(join(home, '.ssh'))
      const config = join(home, '.ssh', 'config')
      const knownHosts = join(home, '.ssh', 'known_hosts')
      const key = join(home, '.ssh', 'id_partner')
      writeFileSync(config, `Host partner\n  HostName sftp.partner.test\n  IdentityFile ${key}\n`)
      writeFileSync(knownHosts, '')
      const preview = (path: string) => fromApp('sites:preview', { source: 'openssh', path })
      const siteImport = () =>
        fromApp('sites:import', {
          source: 'openssh',
          path: config,
          chosen: [0],
          knownHostsPath: knownHosts,
        })

      // app:info proposes the files and grants nothing by itself.
      await fromApp('app:info', {})
      const declined = await preview(config)
      expect(declined).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
      expect(questions.map((question) => question.detail)).toEqual([
        expect.stringContaining(config),
      ])
      expect(dispatched.map((call) => call.name)).toEqual(['app:info'])

      answers.push(true)
      expect(await preview(config)).toMatchObject({ ok: true })
      // Asked once: the file is the window's to read now.
      expect(await preview(config)).toMatchObject({ ok: true })
      expect(questions).toHaveLength(2)

      // Importing reads the key the site names and known_hosts: one question lists both.
      expect(await siteImport()).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
      expect(questions[2]?.detail).toContain(`${key}\n    the key of partner`)
      expect(questions[2]?.detail).toContain(knownHosts)
      expect(dispatched.map((call) => call.name)).not.toContain('sites:import')
      answers.push(true)
      expect(await siteImport()).toMatchObject({ ok: true })
      expect(questions).toHaveLength(4)
      expect(dispatched.map((call) => call.name).at(-1)).toBe('sites:import')

      // A typed path that was neither proposed nor chosen is refused without a question.
      expect(await preview(join(home, '.ssh', 'id_partner.pub'))).toMatchObject(refused)
      expect(await preview('/etc/shadow')).toMatchObject(refused)
      expect(questions).toHaveLength(4)
    } finally {
      process.env.HOME = savedHome
      rmSync(home, { recursive: true, force: true })
    }
  })

  it('writes a key or the log only where the save dialog said, not to a typed path', async () => {
    const exportPrivate = (path: string) =>
      fromApp('keys:export-private', { keyId: KEY, format: 'openssh', path })
    const typed = await exportPrivate('/home/person/.bashrc')
    expect(typed).toMatchObject(refused)
    expect((typed as { error: { message: string } }).error.message).toMatch(
      /^Mailroom can only save to files you chose in its Save dialog/,
    )
    expect(
      await fromApp('keys:export-public', {
        keyId: KEY,
        path: '/home/person/.ssh/authorized_keys',
      }),
    ).toMatchObject(refused)
    expect(await fromApp('log:save', { path: '/home/person/.profile' })).toMatchObject(refused)
    // A file dropped to send is no place to write.
    grantFromPreload('/home/person/outbox')
    expect(await exportPrivate('/home/person/outbox/key')).toMatchObject(refused)
    expect(dispatched).toEqual([])

    fake.saveDialogAnswer = { canceled: false, filePath: '/home/person/partner-key' }
    await dialogs().chooseSaveFile?.('Save as', 'partner-key')
    expect(await exportPrivate('/home/person/partner-key')).toMatchObject({ ok: true })
    expect(await fromApp('log:save', { path: '/home/person/partner-key' })).toMatchObject({
      ok: true,
    })
    // Without a path, core asks the native save dialog itself.
    expect(await fromApp('log:save', {})).toMatchObject({ ok: true })
    expect(dispatched).toHaveLength(3)
  })

  it('picks up only into the folder proposed or chosen, and remembers only such a folder', async () => {
    expect(
      await fromApp('transfer:pickup', pickUp('/home/person/.config/autostart')),
    ).toMatchObject(refused)
    const remember = (folder: string) =>
      fromApp('pickup:set-folder', { profileId: PROFILE, mailboxPath: 'in', folder })
    expect(await remember('/home/person/.config/autostart')).toMatchObject(refused)
    expect(await fromApp('settings:update', { pickupFolder: '/home/person/bin' })).toMatchObject(
      refused,
    )
    expect(dispatched).toEqual([])
    await fromApp('pickup:folder', { profileId: PROFILE, mailboxPath: 'in', partner: 'acme' })
    await fromApp('settings:get', {})
    for (const folder of ['/home/person/Documents/Mailroom/p/acme', '/home/person/incoming']) {
      expect(await fromApp('transfer:pickup', pickUp(folder))).toMatchObject({ ok: true })
      expect(await remember(folder)).toMatchObject({ ok: true })
    }
    // '' is "no default folder yet", which names no place.
    expect(await fromApp('settings:update', { pickupFolder: '' })).toMatchObject({ ok: true })
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
    grants.grant(window.webContents.id, 'send', '/home/person/a.xml', 'tree')
    stop()
    expect(fake.ipcMain.handlers.size).toBe(0)
    expect(fake.ipcMain.listeners.get(PATH_GRANT_CHANNEL)).toEqual([])
    expect(grants.covers(window.webContents.id, 'send', '/home/person/a.xml')).toBe(false)
  })
})
