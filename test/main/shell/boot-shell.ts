import { vi } from 'vitest'
import type * as InspectFuse from '../../../src/main/shell/inspect-fuse'

/**
 * Loads src/main/index.ts afresh, as Electron would run it with `argv`, against a fresh
 * electron double (the test file mocks 'electron', electron-store, core's createMailroom and
 * the command with the factories below). Returns that double.
 */
export async function bootShell(
  argv: readonly string[],
  env: Record<string, string> = {},
  { packaged = false, inspectFuseOn = false }: { packaged?: boolean; inspectFuseOn?: boolean } = {},
) {
  vi.resetModules()
  const double = await import('./electron-double')
  double.resetFake()
  double.fake.app.isPackaged = packaged
  double.fake.inspectFuseOn = inspectFuseOn
  const savedArgv = process.argv
  const names = ['MAILROOM_DATA_DIR', 'ELECTRON_RENDERER_URL', ...Object.keys(env)]
  const savedEnv = names.map((name) => [name, process.env[name]] as const)
  process.argv = ['/opt/Mailroom/mailroom', ...argv]
  for (const name of names) Reflect.deleteProperty(process.env, name)
  Object.assign(process.env, env)
  try {
    await import('../../../src/main/index')
    for (const name of ['MAILROOM_DATA_DIR', 'ELECTRON_RENDERER_URL'])
      double.fake.environmentAfterBoot[name] = process.env[name]
  } finally {
    process.argv = savedArgv
    for (const [name, value] of savedEnv)
      if (value === undefined) Reflect.deleteProperty(process.env, name)
      else process.env[name] = value
  }
  return double
}

/** Lets the app become ready and waits for the window to have loaded its page. */
export async function untilLoaded(double: Awaited<ReturnType<typeof bootShell>>) {
  double.fake.app.markReady()
  await vi.waitFor(() => {
    if (double.FakeBrowserWindow.created[0]?.loaded.length !== 1)
      throw new Error(`not loaded yet ${double.fake.errorBoxes.join('; ')}`)
  })
  const window = double.FakeBrowserWindow.created[0]
  if (!window) throw new Error('no window')
  return window
}

export const electronStoreDouble = {
  default: class {
    readonly store: Record<string, unknown> = {}
    get(key: string) {
      return this.store[key]
    }
    set(key: string, value: unknown) {
      this.store[key] = value
    }
  },
}

export async function createMailroomDouble() {
  const double = await import('./electron-double')
  return {
    createMailroom: (options: Record<string, unknown>) => {
      double.fake.mailroomOptions = options
      return {
        dispatch: async () => ({ ok: true, value: null }),
        subscribe: () => () => undefined,
        shutdown: async () => undefined,
      }
    },
  }
}

/** shell/inspect-fuse.ts, answering from the double: no Electron binary to read here. */
export async function inspectFuseDouble() {
  const double = await import('./electron-double')
  const real = await vi.importActual<typeof InspectFuse>('../../../src/main/shell/inspect-fuse')
  return {
    ...real,
    inspectFuseIsOn: () => {
      double.fake.inspectFuseReads += 1
      return double.fake.inspectFuseOn
    },
  }
}

export async function commandDouble() {
  const double = await import('./electron-double')
  return {
    runMailroomCommand: async (args: readonly string[], options?: Record<string, unknown>) => {
      double.fake.commandRuns.push(args)
      double.fake.commandOptions = options
      return double.fake.commandExitCode
    },
  }
}
