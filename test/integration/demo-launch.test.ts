import { spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * `npm run demo` where an Electron binary is installed: the demo's profiles are handed to the
 * app, and closing the app or pressing Ctrl+C stops everything; with the web UI, Ctrl+C does. No Electron binary can be had
 * here, so Electron's own override variable points the `electron` package at a stand-in
 * (test/fixtures/fake-electron.ts) that opens the data folder as the real main process does.
 */
describe('npm run demo: the app on the demo profiles, and stopping everything', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const startDemo = (extraEnv: Record<string, string> = {}, ui = 'electron') => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-demo-launch-'))
    const fakeDist = join(dir, 'electron-dist')
    const report = join(dir, 'report.json')
    mkdirSync(fakeDist)
    writeFileSync(
      join(fakeDist, 'electron'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'node_modules/tsx/dist/cli.mjs')}" "${join(ROOT, 'test/fixtures/fake-electron.ts')}" "$@"\n`,
    )
    chmodSync(join(fakeDist, 'electron'), 0o755)
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'src/demo/cli.ts',
        '--data-dir',
        join(dir, 'demo'),
        '--ui',
        ui,
        '--secrets',
        ui === 'electron' ? 'keychain' : 'memory',
        '--as2-port',
        '0',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ELECTRON_OVERRIDE_DIST_PATH: fakeDist,
          FAKE_ELECTRON_REPORT: report,
          ...extraEnv,
        },
      },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
    return { child, report, exited, output: () => output }
  }
  const gatewayPorts = (output: string) =>
    (/port (\d+) \(Amili, MFT Gateway\) and (\d+) \(AS2 Gateway\)/.exec(output) ?? [])
      .slice(1)
      .map(Number)
  const refused = (port: number) =>
    new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        done(false)
      })
      socket.once('error', () => done(true))
    })

  it('hands the three demo profiles to the app, which logs in with each, and stops the gateway when the app closes', async () => {
    const demo = startDemo()
    const [code] = await demo.exited
    expect(code, demo.output()).toBe(0)
    const seen = JSON.parse(readFileSync(demo.report, 'utf8')) as {
      argv: string[]
      dataDir: string
      opened: Array<{ name: string; port: number; opened: boolean; error?: string }>
    }
    expect(seen.argv).toEqual([join(ROOT, 'out/main/index.js')])
    expect(seen.dataDir).toBe(join(dir, 'demo/app'))
    expect(seen.opened.map(({ name, opened, error }) => ({ name, opened, error }))).toEqual([
      { name: 'Demo Amili', opened: true, error: undefined },
      { name: 'Demo MFT Gateway', opened: true, error: undefined },
      { name: 'Demo AS2 Gateway', opened: true, error: undefined },
    ])
    const [port, as2Port] = gatewayPorts(demo.output())
    expect(seen.opened.map((profile) => profile.port)).toEqual([port, port, as2Port])
    for (const used of [port, as2Port]) expect(await refused(used as number)).toBe(true)
  }, 60_000)

  it('Ctrl+C stops the app and the gateway, and leaves no process behind', async () => {
    const demo = startDemo({ FAKE_ELECTRON_STAY: '1' })
    for (let waited = 0; !existsSync(demo.report) && waited < 400; waited += 1)
      await new Promise((done) => setTimeout(done, 100))
    const { pid } = JSON.parse(readFileSync(demo.report, 'utf8')) as { pid: number }
    const [port, as2Port] = gatewayPorts(demo.output())
    expect(await refused(port as number)).toBe(false)
    demo.child.kill('SIGINT')
    await demo.exited
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/)
    for (const used of [port, as2Port]) expect(await refused(used as number)).toBe(true)
  }, 60_000)

  it('with the web UI, Ctrl+C stops the UI and the gateway', async () => {
    const demo = startDemo({}, 'web')
    for (let waited = 0; !/Mailroom web UI: (\S+)/.test(demo.output()) && waited < 400; waited += 1)
      await new Promise((done) => setTimeout(done, 100))
    const url = new URL(/Mailroom web UI: (\S+)/.exec(demo.output())?.[1] ?? '')
    const [port, as2Port] = gatewayPorts(demo.output())
    expect(await refused(Number(url.port))).toBe(false)
    demo.child.kill('SIGINT')
    const [code] = await demo.exited
    expect(code).toBe(0)
    for (const used of [Number(url.port), port, as2Port])
      expect(await refused(used as number)).toBe(true)
  }, 60_000)
})
