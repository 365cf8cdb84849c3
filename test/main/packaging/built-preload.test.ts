import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { resolveConfig } from 'electron-vite'
import { build, type InlineConfig } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The built preload loads in a sandboxed renderer: one CommonJS bundle that requires nothing but
 * electron. The unit tests run before `npm run build` (scripts/test-all.sh), so the preload is
 * built here, with the project's own electron.vite.config.ts and electron-vite's own config
 * resolution, into a folder of the test's: the same out/preload/index.cjs `npm run build` writes,
 * whatever ran before. scripts/check-packaged-app.mjs's preloadProblems judges it, as it judges
 * the one inside each packaged app.asar on the runners.
 */

type Checker = { preloadProblems: (code: string) => string[] }
const checker = () => import(resolve('scripts/check-packaged-app.mjs')) as Promise<Checker>

let outDir: string
let files: string[]
let code: string

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'mailroom-preload-'))
  // electron-vite sets these for a build; the other tests in this worker must not see them.
  const saved = { NODE_ENV: process.env.NODE_ENV }
  try {
    const resolved = await resolveConfig(
      { build: { outDir, emptyOutDir: true }, logLevel: 'warn' },
      'build',
      'production',
    )
    const preload = resolved.config?.preload as InlineConfig | undefined
    if (!preload) throw new Error('electron.vite.config.ts has no preload build')
    await build(preload)
  } finally {
    if (saved.NODE_ENV === undefined) Reflect.deleteProperty(process.env, 'NODE_ENV')
    else process.env.NODE_ENV = saved.NODE_ENV
  }
  const preloadDir = join(outDir, 'preload')
  files = existsSync(preloadDir) ? readdirSync(preloadDir) : []
  code = files.includes('index.cjs') ? readFileSync(join(preloadDir, 'index.cjs'), 'utf8') : ''
}, 120_000)

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

describe('the built preload', () => {
  it('is one file, out/preload/index.cjs, where the main process and the packaging check look', () => {
    expect(files).toEqual(['index.cjs'])
    expect(readFileSync('src/main/index.ts', 'utf8')).toContain("'../preload/index.cjs'")
  })

  it('is CommonJS that requires electron only, and exposes the bridge when run in a sandbox', async () => {
    const { preloadProblems } = await checker()
    expect(code).toMatch(/require\(["']electron["']\)/)
    expect(preloadProblems(code)).toEqual([])
  })

  it('would be refused if it required anything else, were ESM, or split into chunks (the check can fail)', async () => {
    const { preloadProblems } = await checker()
    // The built bundle with a Node module it could not have in a sandbox.
    const withFs = `const fs = require("fs");\n${code}`
    expect(preloadProblems(withFs)).toContain('the preload requires "fs", which a sandbox refuses')
    expect(preloadProblems('import { contextBridge } from "electron"\n')[0]).toMatch(
      /^the preload is not a CommonJS script: /,
    )
    expect(preloadProblems('require("./chunk-abc.cjs")\n')).toEqual([
      'the preload requires "./chunk-abc.cjs", which a sandbox refuses',
      'the preload fails to load in a sandbox: module not found: ./chunk-abc.cjs',
    ])
    // A require that is spelled so no pattern sees it is still caught when the bundle loads.
    expect(preloadProblems('const n = "pa" + "th"; require(n)\n')).toEqual([
      'the preload fails to load in a sandbox: module not found: path',
      'the preload requires "path" when it loads, which a sandbox refuses',
    ])
    expect(preloadProblems('require("electron")\n')).toEqual([
      'the preload exposes no "mailroom" API to the page',
    ])
  })
})
