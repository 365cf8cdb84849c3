// Checks a built, unpacked app as Signal Desktop's test-release does, before anyone installs it:
// the files inside app.asar (the built app, and no sources, tests or source maps), every native
// module unpacked beside it, the keychain's binary and Pageant's helper there, the userData name unchanged, and the
// fuses the after-pack hook flipped, read back from the binary, and the preload one CommonJS
// bundle that requires nothing but electron (a sandboxed renderer's preload can require no more).
//
//   node scripts/check-packaged-app.mjs <dist/linux-unpacked | dist/win-unpacked | dist/mac-arm64>
//
// Prints each problem and exits 1 if there is one. It prints the executable to launch, and on
// GitHub Actions writes it to the step's outputs as `executable` (the smoke test starts it).
import { appendFileSync, existsSync, readdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script, createContext, runInContext } from 'node:vm'
import { extractFile, getRawHeader } from '@electron/asar'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { FUSES } from './after-pack.mjs'

/** Files the app cannot start without. */
export const REQUIRED_FILES = [
  'package.json',
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
]

/**
 * Licence texts that must ship with the app: openpgp is LGPL-3.0+, used unmodified as a separate
 * module, which the licence allows on condition that its text goes with it.
 */
export const LICENCE_FILES = ['node_modules/openpgp/LICENSE']

/** ssh2's helper that passes agent requests to Pageant (core/sftp/pageant-agent.ts starts it). */
export const PAGEANT_HELPER = 'node_modules/ssh2/util/pagent.exe'

/** What must never ship, with why: sources and tests, maps (they embed the sources), dev tools. */
export const FORBIDDEN = [
  { test: (p) => p.startsWith('src/'), why: 'TypeScript sources' },
  { test: (p) => p.startsWith('test/'), why: 'tests and their fixtures (test keys among them)' },
  { test: (p) => p.endsWith('.map'), why: 'a source map, which embeds the sources' },
  { test: (p) => /(^|\/)\.env(\.|$)/.test(p), why: 'an environment file' },
  { test: (p) => p.startsWith('node_modules/electron/'), why: 'the electron package (dev only)' },
  { test: (p) => p.startsWith('node_modules/.bin/'), why: 'npm command shims' },
]

/**
 * Why a preload bundle could not load in a sandboxed renderer (empty when it can). A sandboxed
 * preload is run as a classic script with a `require` that knows 'electron' (and a few polyfills,
 * which ours does not need): ESM syntax does not compile, a second chunk cannot be loaded, and any
 * other module throws. The bundle is compiled as a script, every require() it spells is read, and
 * it is run against a stand-in electron to see it load, require only that, and expose the bridge.
 */
export function preloadProblems(code, { bridgeKey = 'mailroom' } = {}) {
  const problems = []
  try {
    new Script(code, { filename: 'preload/index.cjs' })
  } catch (error) {
    return [`the preload is not a CommonJS script: ${error.message}`]
  }
  const spelled = [...code.matchAll(/\brequire\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((m) => m[2])
  for (const name of new Set(spelled))
    if (name !== 'electron')
      problems.push(`the preload requires "${name}", which a sandbox refuses`)
  if (/\bimport\(/.test(code)) problems.push('the preload imports a module dynamically')

  const required = []
  const exposed = new Map()
  const electron = {
    contextBridge: { exposeInMainWorld: (key, api) => exposed.set(key, api) },
    ipcRenderer: { invoke: async () => undefined, on() {}, removeListener() {}, send() {} },
    webUtils: { getPathForFile: () => '' },
  }
  const sandboxRequire = (name) => {
    required.push(name)
    if (name === 'electron') return electron
    throw new Error(`module not found: ${name}`)
  }
  const module = { exports: {} }
  try {
    runInContext(
      code,
      createContext({ require: sandboxRequire, module, exports: module.exports }),
      {
        filename: 'preload/index.cjs',
        timeout: 5_000,
      },
    )
  } catch (error) {
    problems.push(`the preload fails to load in a sandbox: ${error.message}`)
  }
  for (const name of new Set(required))
    if (name !== 'electron' && !spelled.includes(name))
      problems.push(`the preload requires "${name}" when it loads, which a sandbox refuses`)
  if (!problems.length && !exposed.has(bridgeKey))
    problems.push(`the preload exposes no "${bridgeKey}" API to the page`)
  return problems
}

/** Where the app's parts are, in an unpacked build of any of the three platforms. */
export function locate(dir) {
  const root = resolve(dir)
  const bundle = readdirSync(root).find((name) => name.endsWith('.app'))
  const app = root.endsWith('.app') ? root : bundle && join(root, bundle)
  if (app) {
    const macos = join(app, 'Contents', 'MacOS')
    const [binary] = existsSync(macos) ? readdirSync(macos) : []
    return {
      platform: 'darwin',
      resources: join(app, 'Contents', 'Resources'),
      // @electron/fuses finds the framework from the bundle; Playwright launches the binary.
      fuseTarget: app,
      executable: binary ? join(macos, binary) : undefined,
    }
  }
  const resources = join(root, 'resources')
  const exes = readdirSync(root).filter((name) => name.toLowerCase().endsWith('.exe'))
  if (exes.length > 0) {
    const exe = exes.length === 1 ? join(root, exes[0]) : undefined
    return { platform: 'win32', resources, fuseTarget: exe, executable: exe, candidates: exes }
  }
  // electron-builder names the Linux executable after package.json's name, lowercased.
  let executable
  const asar = join(resources, 'app.asar')
  if (existsSync(asar)) {
    const { name } = JSON.parse(extractFile(asar, 'package.json').toString('utf8'))
    executable = join(root, String(name).toLowerCase())
  }
  return { platform: 'linux', resources, fuseTarget: executable, executable }
}

/** Every file in the asar header, as [path, entry], paths relative with forward slashes. */
export function asarEntries(asar) {
  const out = []
  const walk = (node, prefix) => {
    for (const [name, entry] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name
      if (entry.files) walk(entry, path)
      else out.push([path, entry])
    }
  }
  walk(getRawHeader(asar).header, '')
  return out
}

/** The fuses as they should be, by wire index: '1' on, '0' off (FuseState's bytes). */
function expectedWire() {
  return Object.entries(FUSES).map(([name, on]) => ({
    name,
    index: FuseV1Options[name],
    want: on ? FuseState.ENABLE : FuseState.DISABLE,
  }))
}

/**
 * All problems found in the unpacked app at `dir` (empty when it is right), and where its parts
 * are. `readFuses` is @electron/fuses' reader, replaceable in tests that have no Electron binary.
 */
export async function checkPackagedApp(dir, { readFuses = getCurrentFuseWire } = {}) {
  const problems = []
  const where = locate(dir)
  const asar = join(where.resources, 'app.asar')
  const unpacked = `${asar}.unpacked`
  if (!existsSync(asar)) return { problems: [`no app.asar in ${where.resources}`], where }

  const entries = asarEntries(asar)
  const paths = new Set(entries.map(([path]) => path))
  for (const file of REQUIRED_FILES) {
    if (!paths.has(file)) problems.push(`app.asar lacks ${file}`)
  }
  for (const file of LICENCE_FILES) {
    if (!paths.has(file)) problems.push(`app.asar lacks ${file}: a licence text the app must ship`)
  }
  for (const [path] of entries) {
    const rule = FORBIDDEN.find((r) => r.test(path))
    if (rule) problems.push(`app.asar holds ${path}: ${rule.why}`)
  }
  if (paths.has('out/preload/index.cjs'))
    problems.push(...preloadProblems(extractFile(asar, 'out/preload/index.cjs').toString('utf8')))
  const preloadChunks = [...paths].filter(
    (path) => path.startsWith('out/preload/') && path !== 'out/preload/index.cjs',
  )
  if (preloadChunks.length > 0)
    problems.push(`the preload is not one bundle: ${preloadChunks.join(', ')} beside it`)

  // A native module loads only from a real file: each must be marked unpacked and be there.
  const natives = entries.filter(([path]) => path.endsWith('.node'))
  for (const [path, entry] of natives) {
    if (!entry.unpacked) problems.push(`${path} is packed inside app.asar, where it cannot load`)
    else if (!existsSync(join(unpacked, path)))
      problems.push(`${path} is missing from app.asar.unpacked`)
  }
  if (!natives.some(([path]) => path.startsWith('node_modules/@napi-rs/keyring-'))) {
    problems.push('no @napi-rs/keyring binary: the app could not reach the OS keychain')
  }
  if (
    where.platform !== 'win32' &&
    !natives.some(([path]) => path.startsWith('node_modules/@napi-rs/xattr-'))
  ) {
    problems.push(
      'no @napi-rs/xattr binary: picked-up files could not be marked as from the internet',
    )
  }

  // Pageant is reached through ssh2's pagent.exe, a program: it runs only from outside app.asar.
  const pagent = entries.find(([path]) => path === PAGEANT_HELPER)
  if (!pagent) problems.push(`app.asar lacks ${PAGEANT_HELPER}: the app could not reach Pageant`)
  else if (!pagent[1].unpacked)
    problems.push(`${PAGEANT_HELPER} is packed inside app.asar, where it cannot be started`)
  else if (!existsSync(join(unpacked, PAGEANT_HELPER)))
    problems.push(`${PAGEANT_HELPER} is missing from app.asar.unpacked`)

  if (paths.has('package.json')) {
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8'))
    // Electron names the userData folder after productName, else name: it must stay "mailroom"
    // (src/cli/data-folder.ts), or an update would start with no profiles.
    const appName = manifest.productName ?? manifest.name
    if (appName !== 'mailroom')
      problems.push(
        `the packaged app is named "${appName}", not "mailroom": its userData folder would move`,
      )
    if (manifest.main !== 'out/main/index.js')
      problems.push(`package.json main is ${manifest.main}`)
  }

  if (!where.fuseTarget) {
    problems.push(
      `no single Electron executable in ${dir}${where.candidates ? ` (found ${where.candidates.join(', ')})` : ''}`,
    )
  } else {
    const wire = await readFuses(where.fuseTarget)
    for (const { name, index, want } of expectedWire()) {
      if (wire[index] !== want) {
        const got = wire[index] === undefined ? 'absent' : String.fromCharCode(wire[index])
        problems.push(`fuse ${name} is ${got}, want ${String.fromCharCode(want)}`)
      }
    }
  }
  return { problems, where }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2]
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(
      'usage: node scripts/check-packaged-app.mjs <unpacked app folder, e.g. dist/linux-unpacked>',
    )
    process.exit(2)
  }
  const { problems, where } = await checkPackagedApp(dir)
  for (const problem of problems) console.error(`✗ ${problem}`)
  if (problems.length > 0) process.exit(1)
  console.log(`✓ ${basename(resolve(dir))}: app.asar, native modules and fuses as they should be`)
  console.log(`executable=${where.executable}`)
  if (process.env.GITHUB_OUTPUT)
    appendFileSync(process.env.GITHUB_OUTPUT, `executable=${where.executable}\n`)
}
