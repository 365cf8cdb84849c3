import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { headlessArguments } from '../../../src/main/shell/headless'

const LAUNCHERS = join('src', 'cli', 'launchers')

/**
 * The small `mailroom` launchers installed beside the app: each runs the app's executable with
 * `--cli --` and the command, and ends with its exit code.
 */
const onWindows = process.platform === 'win32'
if (onWindows) console.warn('Launcher tests skipped: they run the POSIX launcher with /bin/sh.')

describe.skipIf(onWindows)('the mailroom launchers', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mailroom-launcher-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  /** An app executable that reports its arguments and exits 3 (host key unknown). */
  function fakeApp(path: string): void {
    writeFileSync(
      path,
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > "${join(scratch, 'argv')}"\nexit 3\n`,
    )
    chmodSync(path, 0o755)
  }

  function install(layout: string, executable: string, resources: string): string {
    mkdirSync(join(scratch, layout, resources), { recursive: true })
    mkdirSync(join(scratch, layout, executable, '..'), { recursive: true })
    fakeApp(join(scratch, layout, executable))
    const launcher = join(scratch, layout, resources, 'mailroom')
    copyFileSync(join(LAUNCHERS, 'mailroom'), launcher)
    chmodSync(launcher, 0o755)
    // Linked onto the PATH, as the README says, through a relative link.
    mkdirSync(join(scratch, layout, 'bin'), { recursive: true })
    const linked = join(scratch, layout, 'bin', 'mailroom')
    symlinkSync(join('..', resources, 'mailroom'), linked)
    return linked
  }

  const cases = [
    ['macOS', 'Mailroom.app/Contents/MacOS/Mailroom', 'Mailroom.app/Contents/Resources'],
    ['Linux (deb)', 'opt/Mailroom/mailroom', 'opt/Mailroom/resources'],
  ] as const
  for (const [system, executable, resources] of cases)
    it(`runs the ${system} app headless with the command, and passes on its exit code`, () => {
      const launcher = install(system.replace(/\W/g, ''), executable, resources)
      const args = ['trust', '--profile', 'Amili Test', '--fingerprint', 'SHA256:abc+/=']
      const run = spawnSync(launcher, args, { encoding: 'utf8' })
      expect(run.stderr).toBe('')
      expect(run.status).toBe(3)
      const argv = readFileSync(join(scratch, 'argv'), 'utf8').trimEnd().split('\n')
      expect(argv).toEqual(['--cli', '--', ...args])
      // What the main process then runs.
      expect(headlessArguments(['app', ...argv])).toEqual(args)
    })

  it('says so, with exit 2, when the app is not beside it', () => {
    const alone = join(scratch, 'alone')
    mkdirSync(alone)
    copyFileSync(join(LAUNCHERS, 'mailroom'), join(alone, 'mailroom'))
    chmodSync(join(alone, 'mailroom'), 0o755)
    const run = spawnSync(join(alone, 'mailroom'), ['profiles'], { encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('the Mailroom app was not found')
  })

  it('on Windows, waits for Mailroom.exe from a script and ends with its exit code', () => {
    // cmd.exe cannot run here: the script's lines are what makes it work, so they are checked.
    const script = readFileSync(join(LAUNCHERS, 'mailroom.cmd'), 'utf8')
    expect(script.split('\r\n').length).toBe(script.split('\n').length)
    const lines = script.split('\r\n').filter((line) => line !== '' && !line.startsWith('rem '))
    expect(lines).toEqual([
      '@echo off',
      'setlocal',
      '"%~dp0Mailroom.exe" --cli -- %*',
      'exit /b %ERRORLEVEL%',
    ])
  })
})
