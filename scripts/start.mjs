// `npm start`: installs what is missing, builds, and starts Mailroom. Where no Electron binary
// can be had (its download host unreachable, as on build machines), it says so and serves the
// same UI to a browser through the web bridge instead, together with the demo gateway, printing
// the address to open.
// Plain Node with no dependencies, since it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
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

function electronBinary() {
  try {
    // Throws when the package is installed but its binary was not downloaded.
    const path = createRequire(join(root, 'package.json'))('electron')
    return existsSync(path) ? path : undefined
  } catch {
    return undefined
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
const binary = electronBinary()
if (binary) {
  start(binary, [join(root, 'out/main/index.js')])
} else {
  console.log(
    '\nNo Electron binary on this machine, so Mailroom starts as a web UI instead, with its',
  )
  console.log('demo gateway: three demo profiles (Amili, MFT Gateway, AS2 Gateway) ready to try.')
  console.log('Open the address below in a browser on this computer; Ctrl+C stops everything.\n')
  start(process.execPath, [
    join(root, 'node_modules/tsx/dist/cli.mjs'),
    'src/demo/cli.ts',
    ...process.argv.slice(2),
  ])
}
