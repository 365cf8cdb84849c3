// `npm start`: installs what is missing, builds, and starts Mailroom on its demo gateway, so a
// person who has just cloned the project sees the whole job working with no account anywhere.
// The demo starts the Electron app where its binary is installed; where none can be had (its
// download host unreachable, as on build machines) it serves the same UI to a browser.
// Plain Node with no dependencies, since it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (command, args, env = process.env) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status === 0

function installIfNeeded() {
  const marker = join(root, 'node_modules', '.package-lock.json')
  if (
    existsSync(marker) &&
    statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs
  )
    return
  console.log('Installing dependencies (npm ci)…')
  if (run(npm, ['ci'])) return
  console.log(
    '\nThe install failed; trying again without the Electron binary (its download may be unreachable here)…',
  )
  if (!run(npm, ['ci'], { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })) {
    console.error('Installing the dependencies failed: see the messages above.')
    process.exit(1)
  }
}

function start(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}

installIfNeeded()
if (!run(npm, ['run', '--silent', 'build'])) {
  console.error('Building Mailroom failed: see the messages above.')
  process.exit(1)
}
console.log('\nStarting Mailroom with its demo gateway: three demo profiles (Amili, MFT Gateway,')
console.log('AS2 Gateway) ready to try. Ctrl+C stops everything.\n')
// The demo opens the Electron app where its binary is installed, else the web UI (its address
// is printed: open it in a browser on this computer).
start(process.execPath, [
  join(root, 'node_modules/tsx/dist/cli.mjs'),
  'src/demo/cli.ts',
  ...process.argv.slice(2),
])
