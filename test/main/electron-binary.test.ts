import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { electronBinary } from '../../src/demo/launch-electron'

/** Finding the Electron binary must never try to download one (Electron 45's package does). */
describe('electronBinary', () => {
  const dirs: string[] = []
  afterEach(() => {
    delete process.env.ELECTRON_OVERRIDE_DIST_PATH
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('finds a binary kept elsewhere through ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-electron-'))
    dirs.push(dir)
    const record = join('node_modules', 'electron', 'path.txt')
    const executable = (() => {
      try {
        return readFileSync(record, 'utf8').trim()
      } catch {
        return 'electron'
      }
    })()
    writeFileSync(join(dir, executable), '')
    process.env.ELECTRON_OVERRIDE_DIST_PATH = dir
    expect(electronBinary()).toBe(join(dir, executable))
  })

  it('says there is none, without a download, where none was installed', () => {
    // In a child process, so what it prints is seen: requiring the package printed
    // "Downloading Electron binary..." and reached for the network.
    const child = spawnSync(
      process.execPath,
      [
        'node_modules/tsx/dist/cli.mjs',
        '-e',
        "import('./src/demo/launch-electron.ts').then((m) => console.log(JSON.stringify(m.electronBinary() ?? null)))",
      ],
      { encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' } },
    )
    expect(child.stdout + child.stderr).not.toMatch(/Downloading/)
    expect(child.status).toBe(0)
    const found = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null') as string | null
    expect(found === null || existsSync(found)).toBe(true)
  })
})
