import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { debuggingSwitches, decideLaunch } from '../../../src/main/shell/launch-guard'
import {
  bootShell,
  commandDouble,
  createMailroomDouble,
  electronStoreDouble,
  inspectFuseDouble,
  untilLoaded,
} from './boot-shell'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)
vi.mock('electron-store', () => electronStoreDouble)
vi.mock('../../../src/main/core/app/create-mailroom', () => createMailroomDouble())
vi.mock('../../../src/cli/run-command', () => commandDouble())
vi.mock('../../../src/main/shell/inspect-fuse', () => inspectFuseDouble())

const EVIL_PAGE = 'http://127.0.0.1:6666/'
const DEFAULT_DATA = join('/home/person/.config', 'mailroom')

/**
 * Issue 19, item 2: a program running as the person sets ELECTRON_RENDERER_URL or
 * MAILROOM_DATA_DIR once, or adds a debugging switch to a shortcut, and every later launch of
 * the signed app would show its page, open its data folder, or let it drive the app.
 */
describe('the packaged app and what a launch is given', () => {
  let stderr: MockInstance<typeof process.stderr.write>
  beforeEach(() => {
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  })
  afterEach(() => stderr.mockRestore())
  const written = () => stderr.mock.calls.map(([text]) => String(text)).join('')

  it('unpackaged (electron-vite dev, the demo), follows ELECTRON_RENDERER_URL and MAILROOM_DATA_DIR', async () => {
    const double = await bootShell([], {
      ELECTRON_RENDERER_URL: 'http://localhost:5173/',
      MAILROOM_DATA_DIR: '/tmp/demo-data',
    })
    const window = await untilLoaded(double)
    expect(window.loaded).toEqual(['http://localhost:5173/'])
    expect(double.fake.app.getPath('userData')).toBe('/tmp/demo-data')
  })

  it('packaged, loads its own page and opens its own data folder whatever the environment says', async () => {
    const double = await bootShell(
      [],
      { ELECTRON_RENDERER_URL: EVIL_PAGE, MAILROOM_DATA_DIR: '/tmp/someone-elses' },
      { packaged: true },
    )
    const window = await untilLoaded(double)
    expect(window.loaded).toEqual(['app://mailroom/index.html'])
    expect(double.fake.app.getPath('userData')).toBe(DEFAULT_DATA)
    expect(double.fake.mailroomOptions?.dataDir).toBe(DEFAULT_DATA)
    // Gone from the environment, so the --cli command (src/cli/data-folder.ts) and any process
    // the app starts do not see them either.
    expect(double.fake.environmentAfterBoot).toEqual({
      MAILROOM_DATA_DIR: undefined,
      ELECTRON_RENDERER_URL: undefined,
    })
    // MAILROOM_DATA_DIR is for the test copy only: its fuse was read, once, to tell.
    expect(double.fake.inspectFuseReads).toBe(1)
  })

  it('packaged, headless too: the scheduled command keeps to the usual data folder', async () => {
    const double = await bootShell(
      ['--cli', '--', 'profiles'],
      {
        MAILROOM_DATA_DIR: '/tmp/someone-elses',
      },
      { packaged: true },
    )
    expect(double.fake.app.getPath('userData')).toBe(DEFAULT_DATA)
    expect(double.fake.environmentAfterBoot.MAILROOM_DATA_DIR).toBeUndefined()
    await vi.waitFor(() => expect(double.fake.commandRuns).toEqual([['profiles']]))
  })

  it.each([
    ['--remote-debugging-port=9222'],
    ['--remote-debugging-pipe'],
    ['--inspect'],
    ['--inspect-brk=9229'],
    ['--cli', '--inspect=0', '--', 'pickup'],
  ])('packaged, refuses to start with %s, saying why on standard error', async (...argv) => {
    const double = await bootShell(argv, {}, { packaged: true })
    expect(double.fake.app.exitCode).toBe(2)
    expect(written()).toMatch(
      /^Mailroom: not started, because it was asked to open itself to a debugger \(--/,
    )
    expect(written()).toContain('Start Mailroom without these options')
    // Nothing started: no data folder set, no window, no command.
    expect(double.fake.app.calls).toEqual([])
    expect(double.FakeBrowserWindow.created).toEqual([])
    expect(double.fake.commandRuns).toEqual([])
  })

  it('packaged with its inspect fuse on (the build workflow’s copy for Playwright), takes the switches and MAILROOM_DATA_DIR', async () => {
    const double = await bootShell(
      ['--inspect=0', '--remote-debugging-port=0'],
      { ELECTRON_RENDERER_URL: EVIL_PAGE, MAILROOM_DATA_DIR: '/tmp/smoke-data' },
      { packaged: true, inspectFuseOn: true },
    )
    const window = await untilLoaded(double)
    expect(double.fake.app.exitCode).toBeUndefined()
    expect(double.fake.app.getPath('userData')).toBe('/tmp/smoke-data')
    // Still its own page: no test needs another.
    expect(window.loaded).toEqual(['app://mailroom/index.html'])
  })

  it('unpackaged, starts with the switches (electron-vite dev and Playwright on a developer’s machine)', async () => {
    const double = await bootShell(['--inspect=0', '--remote-debugging-port=0'])
    await untilLoaded(double)
    expect(double.fake.app.exitCode).toBeUndefined()
    expect(double.fake.inspectFuseReads).toBe(0)
  })
})

describe('debuggingSwitches', () => {
  it('finds the switches however Chromium and Node would read them', () => {
    expect(
      debuggingSwitches(
        ['--remote-debugging-port=9222', '-remote-debugging-address=0.0.0.0', '--inspect-port=1'],
        'linux',
      ),
    ).toEqual([
      '--remote-debugging-port=9222',
      '-remote-debugging-address=0.0.0.0',
      '--inspect-port=1',
    ])
    expect(debuggingSwitches(['/Remote-Debugging-Port=9222', '--INSPECT'], 'win32')).toEqual([
      '/Remote-Debugging-Port=9222',
      '--INSPECT',
    ])
    // A path on macOS or Linux is no switch; nothing after a bare -- is one.
    expect(debuggingSwitches(['/remote-debugging-port', '--', '--inspect'], 'darwin')).toEqual([])
    expect(debuggingSwitches(['--cli', '--', 'send', 'inspection.pdf'], 'win32')).toEqual([])
  })

  it('reads the fuse only when a launch asks for something only the test copy may have', () => {
    let reads = 0
    const facts = (argv: string[], env: NodeJS.ProcessEnv = {}) => ({
      packaged: true,
      argv: ['/opt/Mailroom/mailroom', ...argv],
      env,
      platform: 'linux' as const,
      inspectFuseOn: () => (reads += 1) < 0,
    })
    expect(decideLaunch(facts([]))).toEqual({ dataDirFromEnvironment: false })
    expect(decideLaunch(facts([], { ELECTRON_RENDERER_URL: EVIL_PAGE }))).toEqual({
      dataDirFromEnvironment: false,
    })
    expect(reads).toBe(0)
    expect(decideLaunch(facts([], { MAILROOM_DATA_DIR: '/x' }))).toEqual({
      dataDirFromEnvironment: false,
    })
    expect(decideLaunch(facts(['--inspect'])).refusal).toContain('(--inspect)')
    expect(reads).toBe(2)
  })
})
