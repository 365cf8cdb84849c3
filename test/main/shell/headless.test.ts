import { describe, expect, it, vi } from 'vitest'
import { headlessArguments } from '../../../src/main/shell/headless'
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
