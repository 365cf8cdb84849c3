import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, matchesGlob } from 'node:path'
import { describe, expect, it } from 'vitest'
import config, { builderConfig, notarizeCredentialsPresent } from '../../../electron-builder'

/** The installers' configuration (electron-builder.ts), as electron-builder will read it. */

type TargetEntry = { target: string; arch?: string | string[] }
const targets = (value: unknown): TargetEntry[] => value as TargetEntry[]
const files = config.files as string[]
const asarUnpack = config.asarUnpack as string[]

/** electron-builder's reading of `files`: the last pattern that matches a path decides. */
function included(path: string): boolean {
  let result = false
  for (const pattern of files) {
    const negated = pattern.startsWith('!')
    if (matchesGlob(path, negated ? pattern.slice(1) : pattern)) result = !negated
  }
  return result
}

/** Whether electron-builder would copy a node_modules file (it adds production deps itself). */
function shipped(path: string): boolean {
  return files
    .filter((pattern) => pattern.startsWith('!'))
    .every((pattern) => !matchesGlob(path, pattern.slice(1)))
}

/** Every .node file installed here under a production (non-dev) package of the lockfile. */
function productionNativeFiles(): string[] {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { dev?: boolean }>
  }
  const found: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = `${dir}/${name}`
      // Nested node_modules are packages of their own, with their own lockfile entry.
      if (name === 'node_modules') continue
      const stat = statSync(path)
      if (stat.isDirectory()) walk(path)
      else if (name.endsWith('.node')) found.push(path)
    }
  }
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location.startsWith('node_modules/') && !entry.dev && existsSync(location)) walk(location)
  }
  return found
}

/** electron-builder's own config loader and schema check, from the electron-builder installed. */
const builderLib = createRequire(createRequire(import.meta.url).resolve('electron-builder'))
const { getConfig } = builderLib('app-builder-lib/out/util/config/load.js') as {
  getConfig: (
    request: { packageKey: string; configFilename: string; projectDir: string },
    configPath: string | null,
  ) => Promise<{ result: unknown; configFile: string | null } | null>
}
const { validateConfiguration } = builderLib('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>
}
const { DebugLogger } = builderLib('builder-util') as { DebugLogger: new (on: boolean) => unknown }

describe('electron-builder.ts', () => {
  it('is found by electron-builder on its own and passes its schema', async () => {
    const found = await getConfig(
      { packageKey: 'build', configFilename: 'electron-builder', projectDir: process.cwd() },
      null,
    )
    expect(found?.configFile).toBe(join(process.cwd(), 'electron-builder.ts'))
    expect(found?.result).toMatchObject({ appId: 'com.mailroom.app' })
    await expect(
      validateConfiguration(structuredClone(config), new DebugLogger(false)),
    ).resolves.toBeUndefined()
    // The schema check can fail: a misspelt key is refused.
    await expect(
      validateConfiguration({ ...config, nsis: { perMachin: false } }, new DebugLogger(false)),
    ).rejects.toThrow(/nsis/)
  })

  it('names the app and keeps the userData name "mailroom"', () => {
    expect(config.appId).toBe('com.mailroom.app')
    expect(config.productName).toBe('Mailroom')
    // productName written into the packaged package.json would rename app.getName().
    expect(config.extraMetadata).toBeUndefined()
    expect(JSON.parse(readFileSync('package.json', 'utf8'))).not.toHaveProperty('productName')
  })

  it('builds NSIS on Windows, DMG for arm64 and x64 on macOS, AppImage and deb on Linux', () => {
    expect(targets(config.win?.target)).toEqual([{ target: 'nsis', arch: ['x64'] }])
    expect(targets(config.mac?.target)).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }])
    expect(targets(config.linux?.target).map((t) => t.target)).toEqual(['AppImage', 'deb'])
    // One artifact name per OS and architecture: the two DMGs must not collide in a release.
    expect(config.artifactName).toContain('${os}-${arch}')
  })

  it('installs per user on Windows without administrator rights, with Start-menu entry and uninstaller', () => {
    expect(config.nsis).toMatchObject({
      oneClick: true,
      perMachine: false,
      allowElevation: false,
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
    })
  })

  it('uses the hardened runtime on macOS with entitlements files that exist and allow V8 its JIT', () => {
    expect(config.mac?.hardenedRuntime).toBe(true)
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toMatch(/^resources\//)
      const plist = readFileSync(file as string, 'utf8')
      expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>')
      // A library-validation exception is not needed: every .node file is signed by us.
      expect(plist).not.toContain('disable-library-validation')
    }
  })

  it('notarises only when a full set of Apple credentials is in the environment', () => {
    expect(notarizeCredentialsPresent({})).toBe(false)
    expect(notarizeCredentialsPresent({ APPLE_ID: 'a', APPLE_TEAM_ID: 't' })).toBe(false)
    expect(
      notarizeCredentialsPresent({
        APPLE_ID: 'a',
        APPLE_APP_SPECIFIC_PASSWORD: 'p',
        APPLE_TEAM_ID: 't',
      }),
    ).toBe(true)
    expect(
      notarizeCredentialsPresent({
        APPLE_API_KEY: 'k.p8',
        APPLE_API_KEY_ID: 'i',
        APPLE_API_ISSUER: 'u',
      }),
    ).toBe(true)
    expect(builderConfig({}).mac?.notarize).toBe(false)
    expect(
      builderConfig({ APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'i', APPLE_API_ISSUER: 'u' }).mac
        ?.notarize,
    ).toBe(true)
  })

  it('ships the built app and package.json, never sources, tests or source maps', () => {
    for (const path of [
      'package.json',
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
    ]) {
      expect(included(path), path).toBe(true)
    }
    for (const path of [
      'src/main/index.ts',
      'test/main/packaging/builder-config.test.ts',
      'out/main/index.js.map',
      'resources/icon.svg',
      'scripts/after-pack.mjs',
      'electron-builder.ts',
      '.github/workflows/build.yml',
    ]) {
      expect(included(path), path).toBe(false)
    }
  })

  it('unpacks every native module of the production dependencies, or leaves it out on purpose', () => {
    const natives = productionNativeFiles()
    // @napi-rs/keyring's binary for this machine at least, or the check proves nothing.
    expect(natives.some((path) => path.includes('@napi-rs/keyring-'))).toBe(true)
    const left = natives.filter((path) => !shipped(path))
    // Only the NAN addons built for Node's ABI are left out (electron-builder.ts says why).
    for (const path of left) expect(path).toMatch(/^node_modules\/(ssh2|cpu-features)\//)
    for (const path of natives.filter(shipped)) {
      expect(
        asarUnpack.some((pattern) => matchesGlob(path, pattern)),
        path,
      ).toBe(true)
    }
  })

  it("ships ssh2's Pageant helper unpacked, where it can be started", () => {
    const helper = 'node_modules/ssh2/util/pagent.exe'
    expect(existsSync(helper)).toBe(true)
    expect(shipped(helper)).toBe(true)
    expect(asarUnpack.some((pattern) => matchesGlob(helper, pattern))).toBe(true)
  })

  it('rebuilds nothing for Electron and leaves the fuses to the after-pack hook', () => {
    expect(config.npmRebuild).toBe(false)
    expect(config.afterPack).toBe('./scripts/after-pack.mjs')
    expect(existsSync(join('scripts', 'after-pack.mjs'))).toBe(true)
    // electron-builder's own fuse option too would flip them twice, with other values.
    expect(config.electronFuses).toBeUndefined()
    expect(config.publish).toBeNull()
  })

  it('installs the mailroom launcher beside the app on each OS, from the files its test runs', () => {
    const launcher = (entries: unknown) =>
      (entries as { from: string; to: string }[]).map(({ from, to }) => `${from} -> ${to}`)
    expect(launcher(config.win?.extraFiles)).toEqual([
      'src/cli/launchers/mailroom.cmd -> mailroom.cmd',
    ])
    for (const os of [config.mac, config.linux])
      expect(launcher(os?.extraResources)).toEqual(['src/cli/launchers/mailroom -> mailroom'])
    for (const from of ['src/cli/launchers/mailroom.cmd', 'src/cli/launchers/mailroom'])
      expect(existsSync(from)).toBe(true)
    // Copied with its mode: the POSIX launcher must stay executable.
    expect(statSync('src/cli/launchers/mailroom').mode & 0o111).not.toBe(0)
  })

  it('points every target at an icon made from resources/icon.svg', () => {
    expect(config.win?.icon).toBe('resources/icon.ico')
    expect(config.mac?.icon).toBe('resources/icon.icns')
    expect(config.linux?.icon).toBe('resources/icons')
    for (const icon of [
      'resources/icon.ico',
      'resources/icon.icns',
      'resources/icons/512x512.png',
    ]) {
      expect(existsSync(icon), icon).toBe(true)
    }
  })
})
