import type { App, CommandLine } from 'electron'

/**
 * `Mailroom --cli <command...>`: the packaged app's own executable runs the `mailroom` command
 * (src/cli) with no window. The fuses turn ELECTRON_RUN_AS_NODE off, so the command cannot be
 * run as plain Node inside the app: the main process takes it before it registers the app://
 * scheme, asks for the single-instance lock or opens anything, so a scheduled pickup neither
 * needs nor disturbs a running app (the pickup lock keeps the two apart; exit code 5).
 *
 * A `--` right after `--cli` is dropped: the launchers pass it because Electron on Windows
 * refuses to start when an argument that looks like a URL (`SHA256:...`, `sftp:...`) is
 * followed by more arguments, unless they come after a `--`.
 */
export function headlessArguments(argv: readonly string[]): string[] | undefined {
  const at = argv.indexOf('--cli')
  if (at < 0) return undefined
  const rest = argv.slice(at + 1)
  return rest[0] === '--' ? rest.slice(1) : rest
}

/**
 * The Chromium switches a headless run needs to start at all. On Linux with no X server and no
 * Wayland compositor (cron on a server, an SSH session), Electron's browser process picks the X11
 * Ozone platform and aborts ("Missing X server or $DISPLAY", "The platform failed to
 * initialize") even though the command opens no window. Ozone's headless platform, which
 * Electron's Linux build includes, needs no display. A person's own `--ozone-platform` wins; with
 * a display there is nothing to change (a run from a desktop terminal works as it is).
 */
export function headlessDisplaySwitches(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  argv: readonly string[],
): ReadonlyArray<readonly [name: string, value?: string]> {
  if (platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return []
  if (argv.some((arg) => arg === '--ozone-platform' || arg.startsWith('--ozone-platform=')))
    return []
  // No GPU process either: with no display there is nothing for it to draw on.
  return [['ozone-platform', 'headless'], ['disable-gpu']]
}

/**
 * Applies those switches. Called before `ready`, when Chromium still reads them. Electron may
 * already hold an ozone-platform of its own choosing, which appendSwitch would not replace, so it
 * is removed first.
 */
export function useHeadlessDisplay(
  commandLine: Pick<CommandLine, 'appendSwitch' | 'removeSwitch'>,
  switches: ReadonlyArray<readonly [name: string, value?: string]>,
): void {
  for (const [name, value] of switches) {
    commandLine.removeSwitch(name)
    if (value === undefined) commandLine.appendSwitch(name)
    else commandLine.appendSwitch(name, value)
  }
}

/** Waits until what was written to a stream has left the process (app.exit does not wait). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((done) => stream.write('', () => done()))
}

export interface HeadlessDeps {
  readonly app: Pick<App, 'exit'> & {
    readonly dock: { hide(): void } | undefined
    readonly commandLine: Pick<CommandLine, 'appendSwitch' | 'removeSwitch'>
  }
  readonly run: (args: readonly string[]) => Promise<number>
}

/** Runs the command and ends the process with its exit code. */
export async function runHeadless(args: readonly string[], deps: HeadlessDeps): Promise<void> {
  // Before the first await: the main script's first turn is before `ready`.
  useHeadlessDisplay(
    deps.app.commandLine,
    headlessDisplaySwitches(process.platform, process.env, process.argv),
  )
  // No Dock icon bouncing on macOS for a command run by launchd every 10 minutes.
  deps.app.dock?.hide()
  let code: number
  try {
    code = await deps.run(args)
  } catch (error) {
    // runMailroomCommand turns every failure into an exit code; reaching here is a bug.
    process.stderr.write(
      `mailroom: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    code = 1
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)])
  deps.app.exit(code)
}
