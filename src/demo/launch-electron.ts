import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The Electron binary the `electron` package installed, or undefined where it could not. Read
 * from the package's own record, not by requiring it: Electron 45's package downloads a missing
 * binary when required, which cannot be reached where the binary could not be installed.
 */
export function electronBinary(): string | undefined {
  let packageDir: string
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return undefined
  }
  const record = join(packageDir, 'path.txt')
  const executable = existsSync(record) ? readFileSync(record, 'utf8').trim() : undefined
  // Electron's own variable for a binary kept elsewhere (the tests' stand-in uses it too).
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const path = override
    ? join(override, executable ?? 'electron')
    : executable && join(packageDir, 'dist', executable)
  return path && existsSync(path) ? path : undefined
}

/**
 * Starts the built Electron app on `dataDir` (its settings and key files; keys stay in the
 * system keychain) and resolves with its exit code once its window is closed. Ctrl+C in this
 * process is passed on to it.
 */
export function runElectronApp(binary: string, dataDir: string): Promise<number> {
  const main = fileURLToPath(new URL('../../out/main/index.js', import.meta.url))
  const child = spawn(binary, [main], {
    stdio: 'inherit',
    env: { ...process.env, MAILROOM_DATA_DIR: dataDir },
  })
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward(signal))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
