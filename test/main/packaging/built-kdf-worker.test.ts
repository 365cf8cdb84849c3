import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import bcryptPbkdf from 'bcrypt-pbkdf'
import { resolveConfig } from 'electron-vite'
import { build, type InlineConfig } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The key derivation worker (src/main/core/keys/kdf-worker.ts) as the app runs it: electron-vite
 * bundles the main process into one file, so the worker is a file of its own beside it, named by
 * src/main/index.ts (`?modulePath`). The main process is built here with the project's own
 * config, into a folder inside node_modules so that the bundle finds its dependencies as the
 * packaged app finds them in app.asar, and the worker it names is run.
 */
let outDir: string
let main: string

beforeAll(async () => {
  const cache = resolve('node_modules/.cache')
  mkdirSync(cache, { recursive: true })
  outDir = mkdtempSync(join(cache, 'mailroom-main-'))
  const saved = { NODE_ENV: process.env.NODE_ENV }
  try {
    const resolved = await resolveConfig(
      { build: { outDir, emptyOutDir: true }, logLevel: 'warn' },
      'build',
      'production',
    )
    const config = resolved.config?.main as InlineConfig | undefined
    if (!config) throw new Error('electron.vite.config.ts has no main build')
    await build(config)
  } finally {
    if (saved.NODE_ENV === undefined) Reflect.deleteProperty(process.env, 'NODE_ENV')
    else process.env.NODE_ENV = saved.NODE_ENV
  }
  const index = join(outDir, 'main', 'index.js')
  main = existsSync(index) ? readFileSync(index, 'utf8') : ''
}, 120_000)

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

describe('the bundled key derivation worker', () => {
  it('is a file of its own that the bundled main process names and runs', async () => {
    const named = /join\$?\d*\(import\.meta\.dirname, "(\.\/chunks\/kdf-worker-[\w-]+\.js)"\)/.exec(
      main,
    )?.[1]
    expect(named, 'the bundle names the worker beside itself').toBeDefined()
    const file = join(outDir, 'main', named ?? '')
    expect(existsSync(file)).toBe(true)
    // Nothing of Mailroom's inside: the worker is only the derivations.
    expect(readFileSync(file, 'utf8')).not.toMatch(/MailroomError|ssh2/)

    const salt = Buffer.alloc(16, 3)
    const expected = Buffer.alloc(48)
    bcryptPbkdf.pbkdf(Buffer.from('built'), 5, salt, 16, expected, 48, 2)
    const derived = await new Promise<Uint8Array>((done, fail) => {
      const worker = new Worker(file, {
        workerData: {
          kind: 'bcrypt',
          passphrase: Buffer.from('built'),
          salt,
          rounds: 2,
          length: 48,
        },
      })
      worker.once('message', (answer: { ok: boolean; derived: Uint8Array; message?: string }) => {
        void worker.terminate()
        if (answer.ok) done(answer.derived)
        else fail(new Error(answer.message))
      })
      worker.once('error', fail)
    })
    expect(Buffer.from(derived)).toEqual(expected)
  })
})
