// Runs the `mailroom` command of a built, unpacked app the way people and schedulers will:
// through the launcher shipped with it (mailroom.cmd beside Mailroom.exe, Contents/Resources/
// mailroom in the macOS bundle, resources/mailroom on Linux), which starts the app's own
// executable headless (`--cli --`). Checks that `mailroom help` exits 0 with the usage text, and
// that `mailroom profiles` on an empty data folder exits 0 with its "No profiles yet" line.
//
//   node scripts/check-launcher.mjs <dist/linux-unpacked | dist/win-unpacked | dist/mac-arm64>
//
// Prints each problem and exits 1 if there is one.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { locate } from './check-packaged-app.mjs'

/** A line of the usage text (src/cli/arguments.ts) and of `profiles` with no profile. */
export const USAGE_LINE = 'Usage: mailroom [--data-dir DIR] [--json] <command> [options]'
export const NO_PROFILES_LINE = 'No profiles yet.'

/** Where the launcher is in an unpacked app of any of the three platforms. */
export function launcherPath(dir) {
  const where = locate(dir)
  return where.platform === 'win32'
    ? join(resolve(dir), 'mailroom.cmd')
    : join(where.resources, 'mailroom')
}

/**
 * Runs the launcher with `args`. A .cmd file is run by cmd.exe (Node refuses to start one without
 * a shell); the POSIX launcher is run as it is, so a launcher that lost its executable bit fails.
 */
export function runLauncher(launcher, args, { env = process.env, timeoutMs = 120_000 } = {}) {
  const windows = launcher.toLowerCase().endsWith('.cmd')
  const result = windows
    ? spawnSync(`"${launcher}" ${args.map((arg) => `"${arg}"`).join(' ')}`, {
        shell: true,
        encoding: 'utf8',
        env,
        timeout: timeoutMs,
      })
    : spawnSync(launcher, args, { encoding: 'utf8', env, timeout: timeoutMs })
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    error: result.error,
  }
}

/** What went wrong with one run, or nothing. */
function runProblems(label, run, wanted) {
  const problems = []
  const output = `${run.stdout}${run.stderr}`.trim()
  const shown = output ? `; it printed:\n${output.slice(0, 2_000)}` : '; it printed nothing'
  if (run.error) problems.push(`${label} did not run: ${run.error.message}${shown}`)
  else if (run.signal) problems.push(`${label} was ended by ${run.signal}${shown}`)
  else if (run.status !== 0) problems.push(`${label} exited ${run.status}, not 0${shown}`)
  if (!run.error && !run.stdout.includes(wanted))
    problems.push(`${label} did not print "${wanted}"${shown}`)
  return problems
}

/** Every problem found running the launcher of the app at `dir` (empty when it works). */
export function checkLauncher(dir, options = {}) {
  const launcher = launcherPath(dir)
  if (!existsSync(launcher)) return { problems: [`no launcher at ${launcher}`], launcher }
  if (!launcher.endsWith('.cmd')) {
    try {
      accessSync(launcher, constants.X_OK)
    } catch {
      return { problems: [`${launcher} is not executable`], launcher }
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'mailroom-launcher-'))
  try {
    const problems = [
      ...runProblems('mailroom help', runLauncher(launcher, ['help'], options), USAGE_LINE),
      ...runProblems(
        'mailroom profiles --data-dir <empty folder>',
        runLauncher(launcher, ['profiles', '--data-dir', dataDir], options),
        NO_PROFILES_LINE,
      ),
    ]
    return { problems, launcher }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2]
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error('usage: node scripts/check-launcher.mjs <unpacked app folder>')
    process.exit(2)
  }
  const { problems, launcher } = checkLauncher(dir)
  for (const problem of problems) console.error(`✗ ${problem}`)
  if (problems.length > 0) process.exit(1)
  console.log(`✓ ${basename(resolve(dir))}: ${launcher} runs help and profiles, exit 0`)
}
