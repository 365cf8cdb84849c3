import { chmodSync, copyFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeLinuxUnpacked } from './fake-app'

/**
 * scripts/check-launcher.mjs, which the build workflow runs on each OS's unpacked app, against a
 * Linux one built here: the real POSIX launcher (src/cli/launchers/mailroom) in resources/, and
 * for the Electron executable a stand-in that insists on being called as `--cli --` and then runs
 * the real command in plain Node, as the packaged app's headless mode runs the same code.
 */

type LauncherChecker = {
  checkLauncher: (dir: string) => { problems: string[]; launcher: string }
  launcherPath: (dir: string) => string
}
const checker = () => import(resolve('scripts/check-launcher.mjs')) as Promise<LauncherChecker>

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`
const REAL_COMMAND = [process.execPath, '--import', 'tsx', resolve('src/cli/main.ts')]
  .map(shellQuote)
  .join(' ')

/** What the app's executable does when the launcher starts it (headless mode, in Node). */
const HEADLESS_STAND_IN = `#!/bin/sh
if [ "$1" != --cli ] || [ "$2" != -- ]; then echo "not started as --cli --: $*" >&2; exit 97; fi
shift 2
exec ${REAL_COMMAND} "$@"
`

describe.skipIf(process.platform === 'win32')('check-launcher (POSIX launcher)', () => {
  const roots: string[] = []
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
  })

  async function unpacked(executable: string, { launcherMode = 0o755 } = {}) {
    const app = await fakeLinuxUnpacked()
    roots.push(app.root)
    writeFileSync(app.executable, executable)
    chmodSync(app.executable, 0o755)
    const launcher = join(app.dir, 'resources', 'mailroom')
    copyFileSync('src/cli/launchers/mailroom', launcher)
    chmodSync(launcher, launcherMode)
    return app
  }

  it('finds the launcher in resources/ and passes when help and profiles work through it', async () => {
    const app = await unpacked(HEADLESS_STAND_IN)
    const { checkLauncher, launcherPath } = await checker()
    expect(launcherPath(app.dir)).toBe(join(app.dir, 'resources', 'mailroom'))
    expect(checkLauncher(app.dir).problems).toEqual([])
  }, 60_000)

  it('reports an app whose command exits non-zero, prints no usage, or cannot be run', async () => {
    const { checkLauncher } = await checker()
    const failing = await unpacked('#!/bin/sh\necho "Missing X server or $DISPLAY" >&2\nexit 133\n')
    const problems = checkLauncher(failing.dir).problems.join('\n')
    expect(problems).toContain('mailroom help exited 133, not 0')
    expect(problems).toContain('Missing X server')
    expect(problems).toContain('did not print "Usage: mailroom')
    expect(problems).toContain('mailroom profiles --data-dir <empty folder> exited 133')

    const silent = await unpacked('#!/bin/sh\nexit 0\n')
    expect(checkLauncher(silent.dir).problems).toEqual([
      expect.stringMatching(/^mailroom help did not print "Usage: mailroom.*it printed nothing$/),
      expect.stringMatching(/^mailroom profiles .* did not print "No profiles yet\."/),
    ])

    const notExecutable = await unpacked(HEADLESS_STAND_IN, { launcherMode: 0o644 })
    expect(checkLauncher(notExecutable.dir).problems).toEqual([
      `${join(notExecutable.dir, 'resources', 'mailroom')} is not executable`,
    ])
  }, 60_000)
})
