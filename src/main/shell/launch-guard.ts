/**
 * What the packaged app takes from its environment and command line. Any program running as the
 * person can set an environment variable once for every later launch (`setx`, `launchctl
 * setenv`) or add switches to a shortcut, and the signed app holds what such a program wants:
 * the keychain's keys, the trusted host keys, the gateways' files. So the packaged app ignores
 * ELECTRON_RENDERER_URL (electron-vite's dev server: its page would become the trusted page,
 * with window.mailroom) and MAILROOM_DATA_DIR (the demo's data folder: a folder of another's
 * profiles), and refuses the switches that open it to a debugger.
 *
 * One packaged build is not shipped: the build workflow's copy with the inspect fuse turned on
 * (scripts/make-inspectable-copy.mjs), which Playwright drives through `--inspect=0
 * --remote-debugging-port=0` with a data folder of the test's. Its fuse is its mark: a fuse is
 * part of the signed executable, which no program can change without breaking the signature,
 * and whoever can start a build whose inspector is on owns its main process anyway.
 */
export interface Launch {
  /** Why the app will not start, for standard error; undefined when it starts. */
  readonly refusal?: string
  /** The page to load instead of app://mailroom/: electron-vite's dev server, unpackaged only. */
  readonly devServerUrl?: string
  /** Whether MAILROOM_DATA_DIR may choose the data folder (for the app and its --cli command). */
  readonly dataDirFromEnvironment: boolean
}

export interface LaunchFacts {
  readonly packaged: boolean
  /** process.argv: the executable first (and, unpackaged, the app's path). */
  readonly argv: readonly string[]
  readonly env: NodeJS.ProcessEnv
  readonly platform: NodeJS.Platform
  /** Whether this executable's inspect fuse is on; read only when it matters (it reads the binary). */
  readonly inspectFuseOn: () => boolean
}

/**
 * Chromium's remote debugging switches and Node's inspector switches among the arguments, as
 * named. Chromium reads `-switch` as well as `--switch` (and `/switch` on Windows, where it also
 * ignores case), and no switch after a bare `--`.
 */
export function debuggingSwitches(
  args: readonly string[],
  platform: NodeJS.Platform,
): readonly string[] {
  const found: string[] = []
  for (const arg of args) {
    if (arg === '--') break
    const prefix = /^(--|-|\/)/.exec(arg)?.[0]
    if (!prefix || (prefix === '/' && platform !== 'win32')) continue
    const name = arg.slice(prefix.length).split('=')[0] ?? ''
    const key = platform === 'win32' ? name.toLowerCase() : name
    if (key.startsWith('remote-debugging') || key.startsWith('inspect')) found.push(arg)
  }
  return found
}

export function decideLaunch(facts: LaunchFacts): Launch {
  if (!facts.packaged) {
    const devServerUrl = facts.env.ELECTRON_RENDERER_URL || undefined
    return { ...(devServerUrl ? { devServerUrl } : {}), dataDirFromEnvironment: true }
  }
  const switches = debuggingSwitches(facts.argv.slice(1), facts.platform)
  const testBuild =
    (switches.length > 0 || Boolean(facts.env.MAILROOM_DATA_DIR)) && facts.inspectFuseOn()
  if (switches.length > 0 && !testBuild)
    return {
      refusal: `Mailroom: not started, because it was asked to open itself to a debugger (${switches.join(' ')}). That would let another program read and drive it: use your keys, trust a server's key, send and pick up files. Start Mailroom without these options; if a shortcut or script adds them, remove them there.`,
      dataDirFromEnvironment: false,
    }
  return { dataDirFromEnvironment: testBuild }
}

/** Removes what the launch may not use from the environment, before anything reads it. */
export function forgetRefusedEnvironment(env: NodeJS.ProcessEnv, launch: Launch): void {
  if (!launch.devServerUrl) Reflect.deleteProperty(env, 'ELECTRON_RENDERER_URL')
  if (!launch.dataDirFromEnvironment) Reflect.deleteProperty(env, 'MAILROOM_DATA_DIR')
}
