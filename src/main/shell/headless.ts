import type { App } from 'electron'

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

/** Waits until what was written to a stream has left the process (app.exit does not wait). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((done) => stream.write('', () => done()))
}

export interface HeadlessDeps {
  readonly app: Pick<App, 'exit'> & { readonly dock: { hide(): void } | undefined }
  readonly run: (args: readonly string[]) => Promise<number>
}

/** Runs the command and ends the process with its exit code. */
export async function runHeadless(args: readonly string[], deps: HeadlessDeps): Promise<void> {
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
