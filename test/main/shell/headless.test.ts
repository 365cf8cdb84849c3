import { describe, expect, it, vi } from 'vitest'
import type { ResolveProxy } from '../../../src/main/core/sftp/route'
import {
  headlessArguments,
  headlessDisplaySwitches,
  useHeadlessDisplay,
} from '../../../src/main/shell/headless'
import {
  bootShell,
  commandDouble,
  createMailroomDouble,
  electronStoreDouble,
  untilLoaded,
} from './boot-shell'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)
vi.mock('electron-store', () => electronStoreDouble)
vi.mock('../../../src/main/core/app/create-mailroom', () => createMailroomDouble())
vi.mock('../../../src/cli/run-command', () => commandDouble())

/** `Mailroom --cli <command...>`: the packaged app runs the mailroom command, headless. */
describe('headless mode', () => {
  it('takes the command after --cli, dropping the launchers’ --', () => {
    expect(headlessArguments(['/opt/Mailroom/mailroom'])).toBeUndefined()
    expect(headlessArguments(['/opt/Mailroom/mailroom', '--cli', 'profiles'])).toEqual(['profiles'])
    expect(
      headlessArguments([
        'C:\\Mailroom\\Mailroom.exe',
        '--cli',
        '--',
        'trust',
        '--fingerprint',
        'SHA256:abc',
        '--profile',
        'Amili',
      ]),
    ).toEqual(['trust', '--fingerprint', 'SHA256:abc', '--profile', 'Amili'])
    // In development Electron's argv has the app folder first.
    expect(headlessArguments(['electron', '.', '--cli', 'check', '--json'])).toEqual([
      'check',
      '--json',
    ])
    expect(headlessArguments(['electron', '.', '--cli'])).toEqual([])
  })

  it("gives the command the system's proxy, asked of Electron only once the app is ready", async () => {
    const { fake } = await bootShell(['--cli', 'check', '--profile', 'Amili'])
    await vi.waitFor(() => expect(fake.commandRuns).toEqual([['check', '--profile', 'Amili']]))
    const resolveProxy = fake.commandOptions?.resolveProxy as ResolveProxy
    fake.session.proxyAnswer = 'SOCKS5 proxy.corp:1080'
    const answer = resolveProxy('sftp.example.com', 22)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fake.session.proxyQuestions).toEqual([])
    fake.app.markReady()
    expect(await answer).toBe('SOCKS5 proxy.corp:1080')
    expect(fake.session.proxyQuestions).toEqual(['https://sftp.example.com:22'])
  })

  it('runs the command and exits with its code, before any window, lock or app:// scheme', async () => {
    const { fake, FakeBrowserWindow } = await bootShell([
      '--cli',
      '--',
      'pickup',
      '--profile',
      'Amili',
    ])
    fake.commandExitCode = 3
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(3))
    expect(fake.commandRuns).toEqual([['pickup', '--profile', 'Amili']])
    expect(FakeBrowserWindow.created).toEqual([])
    expect(fake.schemes).toEqual([])
    expect(fake.app.calls).not.toContain('whenReady')
    expect(fake.app.calls).not.toContain('requestSingleInstanceLock')
    expect(fake.app.calls).not.toContain('enableSandbox')
    expect(fake.mailroomOptions).toBeUndefined()
    expect(fake.app.dock.hidden).toBe(true)
  })

  it('on Linux with no display, asks Chromium for its headless platform; with one, changes nothing', () => {
    const argv = ['/opt/Mailroom/mailroom', '--cli', '--', 'profiles']
    const headless = [['ozone-platform', 'headless'], ['disable-gpu']]
    expect(headlessDisplaySwitches('linux', {}, argv)).toEqual(headless)
    // An empty variable is no display (cron sets none, a unit file may set it empty).
    expect(headlessDisplaySwitches('linux', { DISPLAY: '', WAYLAND_DISPLAY: '' }, argv)).toEqual(
      headless,
    )
    expect(headlessDisplaySwitches('linux', { DISPLAY: ':99' }, argv)).toEqual([])
    expect(headlessDisplaySwitches('linux', { WAYLAND_DISPLAY: 'wayland-0' }, argv)).toEqual([])
    // macOS and Windows always have their window server; their apps start without one shown.
    expect(headlessDisplaySwitches('darwin', {}, argv)).toEqual([])
    expect(headlessDisplaySwitches('win32', {}, argv)).toEqual([])
    // A platform the person chose is kept; a switch that merely starts alike is not a choice.
    expect(headlessDisplaySwitches('linux', {}, ['m', '--ozone-platform=x11', '--cli'])).toEqual([])
    expect(headlessDisplaySwitches('linux', {}, ['m', '--ozone-platform-hint=auto'])).toEqual(
      headless,
    )
  })

  it('replaces an ozone-platform Electron chose already, rather than adding a second one', () => {
    const set: Array<[string, string | undefined]> = [['ozone-platform', 'x11']]
    useHeadlessDisplay(
      {
        appendSwitch: (name, value) => void set.push([name, value]),
        removeSwitch: (name) => void set.splice(0, set.length, ...set.filter(([n]) => n !== name)),
      },
      [['ozone-platform', 'headless'], ['disable-gpu']],
    )
    expect(set).toEqual([
      ['ozone-platform', 'headless'],
      ['disable-gpu', undefined],
    ])
  })

  it('sets the headless platform when the packaged app boots with --cli on a Linux server', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')
    Object.defineProperty(process, 'platform', { value: 'linux' })
    try {
      const bare = await bootShell(['--cli', 'profiles'], { DISPLAY: '', WAYLAND_DISPLAY: '' })
      expect(bare.fake.app.switches).toEqual([
        ['ozone-platform', 'headless'],
        ['disable-gpu', undefined],
      ])
      await vi.waitFor(() => expect(bare.fake.app.exitCode).toBe(0))
      const desktop = await bootShell(['--cli', 'profiles'], { DISPLAY: ':0' })
      expect(desktop.fake.app.switches).toEqual([])
      // The windowed app is never switched to the headless platform.
      const windowed = await bootShell([], { DISPLAY: '', WAYLAND_DISPLAY: '' })
      expect(windowed.fake.app.switches).toEqual([])
    } finally {
      if (platform) Object.defineProperty(process, 'platform', platform)
    }
  })

  it('exits 0 when the command did its job', async () => {
    const { fake } = await bootShell(['--cli', 'profiles'])
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(0))
    expect(fake.commandRuns).toEqual([['profiles']])
  })

  it('starts the desktop app, and no command, without --cli', async () => {
    const double = await bootShell([])
    const window = await untilLoaded(double)
    expect(double.fake.commandRuns).toEqual([])
    expect(double.fake.app.exitCode).toBeUndefined()
    expect(window.loaded).toEqual(['app://mailroom/index.html'])
  })
})
