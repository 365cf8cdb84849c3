import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** The Electron binary the `electron` package installed, or undefined where it could not. */
export function electronBinary(): string | undefined {
  try {
    // The package's main is the binary's path; it throws when the download never happened.
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : undefined
  } catch {
    return undefined
  }
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
