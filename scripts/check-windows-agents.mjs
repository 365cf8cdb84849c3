// Proves, on the Windows runner, that the packaged app reaches Pageant: ssh2 talks to Pageant
// through its util/pagent.exe, which cannot be started from inside app.asar, so the app starts
// the unpacked copy (src/main/core/sftp/pageant-agent.ts). Through the shipped launcher, a
// profile that logs in with an agent is checked while no agent runs (the ssh-agent service is
// disabled on a fresh runner and Pageant is not started): the command must end with exit 4
// saying "Pageant is not running", which only the helper itself can say. A helper that could
// not be started says so instead. Run it before anything starts an agent.
//
//   node scripts/check-windows-agents.mjs dist/win-unpacked
//
// Prints each problem and exits 1 if there is one.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launcherPath, runLauncher } from './check-launcher.mjs'

/** What the command says when pagent.exe ran and found no Pageant. */
export const PAGEANT_NOT_RUNNING = 'Pageant: Pageant is not running'

/** What is wrong with the `check` run of an agent profile while no agent runs (empty when right). */
export function pageantProblems(run) {
  const output = `${run.stdout}${run.stderr}`
  const shown = output.trim() ? `; it printed:\n${output.trim().slice(0, 2_000)}` : ''
  if (run.error) return [`mailroom check did not run: ${run.error.message}`]
  const problems = []
  if (output.includes("Pageant's helper"))
    problems.push(`the packaged app could not start pagent.exe${shown}`)
  else if (!output.includes(PAGEANT_NOT_RUNNING))
    problems.push(`mailroom check did not say "${PAGEANT_NOT_RUNNING}"${shown}`)
  if (run.status !== 4) problems.push(`mailroom check exited ${run.status}, not 4 (cannot log in)`)
  return problems
}

/** Every problem found reaching Pageant from the app at `dir`. */
export function checkWindowsAgents(dir, options = {}) {
  const launcher = launcherPath(dir)
  if (!existsSync(launcher)) return [`no launcher at ${launcher}`]
  const dataDir = mkdtempSync(join(tmpdir(), 'mailroom-agents-'))
  // No SSH_AUTH_SOCK: the app looks for the Windows OpenSSH agent's pipe and Pageant.
  const env = { ...process.env }
  delete env.SSH_AUTH_SOCK
  try {
    const added = runLauncher(
      launcher,
      [
        'profile',
        'add',
        '--data-dir',
        dataDir,
        '--name',
        'Agent',
        '--preset',
        'generic',
        '--host',
        '127.0.0.1',
        '--port',
        '9',
        '--user',
        'someone',
        '--receive',
        'in',
        '--auth',
        'agent',
      ],
      { ...options, env },
    )
    if (added.status !== 0)
      return [`mailroom profile add exited ${added.status}: ${added.stdout}${added.stderr}`]
    return pageantProblems(
      runLauncher(launcher, ['check', '--data-dir', dataDir, '--profile', 'Agent'], {
        ...options,
        env,
      }),
    )
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2]
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error('usage: node scripts/check-windows-agents.mjs <unpacked app folder>')
    process.exit(2)
  }
  const problems = checkWindowsAgents(dir)
  for (const problem of problems) console.error(`✗ ${problem}`)
  if (problems.length > 0) process.exit(1)
  console.log(
    `✓ ${basename(resolve(dir))}: the packaged app starts pagent.exe and hears Pageant is not running`,
  )
}
