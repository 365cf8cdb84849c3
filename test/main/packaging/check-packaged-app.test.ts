import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GOOD_APP, fakeLinuxUnpacked } from './fake-app'

/**
 * scripts/check-packaged-app.mjs against unpacked apps built here: the real after-pack hook flips
 * the fuses of a stand-in binary (real sentinel and wire, no Electron needed) and the checker
 * reads them back with @electron/fuses, as it will on the runners.
 */

type Checker = {
  checkPackagedApp: (
    dir: string,
    options?: { readFuses?: (path: string) => Promise<Record<number, number>> },
  ) => Promise<{ problems: string[]; where: { executable?: string } }>
}
type Hook = { default: (context: object) => Promise<void> }
const checker = () => import(resolve('scripts/check-packaged-app.mjs')) as Promise<Checker>
const hook = () => import(resolve('scripts/after-pack.mjs')) as Promise<Hook>

const linuxContext = (appOutDir: string) => ({
  appOutDir,
  electronPlatformName: 'linux',
  arch: 1,
  packager: { appInfo: { productFilename: 'Mailroom' }, executableName: 'mailroom' },
})

describe('check-packaged-app', () => {
  const roots: string[] = []
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
  })
  const build = async (...args: Parameters<typeof fakeLinuxUnpacked>) => {
    const app = await fakeLinuxUnpacked(...args)
    roots.push(app.root)
    return app
  }

  it('passes an app packed right and fused by the after-pack hook', async () => {
    const app = await build()
    await (await hook()).default(linuxContext(app.dir))
    const { problems, where } = await (await checker()).checkPackagedApp(app.dir)
    expect(problems).toEqual([])
    expect(where.executable).toBe(app.executable)
  })

  it("names every fuse still at Electron's default when the hook did not run", async () => {
    const app = await build()
    const { problems } = await (await checker()).checkPackagedApp(app.dir)
    expect(problems).toEqual([
      'fuse RunAsNode is 1, want 0',
      'fuse EnableCookieEncryption is 0, want 1',
      'fuse EnableNodeOptionsEnvironmentVariable is 1, want 0',
      'fuse EnableNodeCliInspectArguments is 1, want 0',
      'fuse EnableEmbeddedAsarIntegrityValidation is 0, want 1',
      'fuse OnlyLoadAppFromAsar is 0, want 1',
      'fuse GrantFileProtocolExtraPrivileges is 1, want 0',
    ])
  })

  it('finds sources, tests, maps and a missing part inside app.asar', async () => {
    const files = { ...GOOD_APP }
    delete (files as Record<string, string>)['out/preload/index.cjs']
    const app = await build({
      ...files,
      'src/main/index.ts': 'export {}',
      'test/fixtures/keys/id_ed25519': 'PRIVATE KEY',
      'out/main/index.js.map': '{"sourcesContent":["secret"]}',
    })
    await (await hook()).default(linuxContext(app.dir))
    const { problems } = await (await checker()).checkPackagedApp(app.dir)
    expect(problems).toEqual([
      'app.asar lacks out/preload/index.cjs',
      'app.asar holds out/main/index.js.map: a source map, which embeds the sources',
      'app.asar holds src/main/index.ts: TypeScript sources',
      'app.asar holds test/fixtures/keys/id_ed25519: tests and their fixtures (test keys among them)',
    ])
  })

  it('finds a native module packed inside app.asar, where it cannot load', async () => {
    const app = await build(GOOD_APP, { unpackNative: false })
    const { problems } = await (
      await checker()
    ).checkPackagedApp(app.dir, {
      readFuses: async () => ({}),
    })
    expect(problems).toContain(
      'node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node is packed inside app.asar, where it cannot load',
    )
  })

  it("finds Pageant's helper packed inside app.asar, or left out, where it cannot be started", async () => {
    const packed = await build(GOOD_APP, { unpackNative: false })
    const checkPacked = await (
      await checker()
    ).checkPackagedApp(packed.dir, {
      readFuses: async () => ({}),
    })
    expect(checkPacked.problems).toContain(
      'node_modules/ssh2/util/pagent.exe is packed inside app.asar, where it cannot be started',
    )
    const withoutHelper = Object.fromEntries(
      Object.entries(GOOD_APP).filter(([path]) => !path.endsWith('pagent.exe')),
    )
    const missing = await build(withoutHelper)
    const checkMissing = await (
      await checker()
    ).checkPackagedApp(missing.dir, {
      readFuses: async () => ({}),
    })
    expect(checkMissing.problems).toContain(
      'app.asar lacks node_modules/ssh2/util/pagent.exe: the app could not reach Pageant',
    )
  })

  it("finds an app that leaves out openpgp's licence text, which its LGPL requires", async () => {
    const withoutLicence = Object.fromEntries(
      Object.entries(GOOD_APP).filter(([path]) => path !== 'node_modules/openpgp/LICENSE'),
    )
    const app = await build(withoutLicence)
    const { problems } = await (
      await checker()
    ).checkPackagedApp(app.dir, {
      readFuses: async () => ({}),
    })
    expect(problems).toContain(
      'app.asar lacks node_modules/openpgp/LICENSE: a licence text the app must ship',
    )
  })

  it('finds a macOS or Linux app without the binary that marks picked-up files', async () => {
    const withoutXattr = Object.fromEntries(
      Object.entries(GOOD_APP).filter(([path]) => !path.includes('@napi-rs/xattr')),
    )
    const app = await build(withoutXattr)
    const { problems } = await (
      await checker()
    ).checkPackagedApp(app.dir, {
      readFuses: async () => ({}),
    })
    expect(problems).toContain(
      'no @napi-rs/xattr binary: picked-up files could not be marked as from the internet',
    )
  })

  it('finds a productName that would move the userData folder', async () => {
    const app = await build({
      ...GOOD_APP,
      'package.json': JSON.stringify({
        name: 'mailroom',
        productName: 'Mailroom',
        main: 'out/main/index.js',
      }),
    })
    await (await hook()).default(linuxContext(app.dir))
    const { problems } = await (await checker()).checkPackagedApp(app.dir)
    expect(problems).toEqual([
      'the packaged app is named "Mailroom", not "mailroom": its userData folder would move',
    ])
  })
})

describe('make-inspectable-copy', () => {
  it('turns --inspect on in a copy for Playwright, and leaves the checked app as it was', async () => {
    const app = await fakeLinuxUnpacked()
    await (await hook()).default(linuxContext(app.dir))
    const { makeInspectableCopy } = (await import(
      resolve('scripts/make-inspectable-copy.mjs')
    )) as {
      makeInspectableCopy: (from: string, to: string) => Promise<{ executable: string }>
    }
    const copyDir = `${app.root}/inspectable`
    try {
      const copy = await makeInspectableCopy(app.dir, copyDir)
      expect(copy.executable).toBe(`${copyDir}/mailroom`)
      expect((await (await checker()).checkPackagedApp(copyDir)).problems).toEqual([
        'fuse EnableNodeCliInspectArguments is 1, want 0',
      ])
      expect((await (await checker()).checkPackagedApp(app.dir)).problems).toEqual([])
    } finally {
      rmSync(app.root, { recursive: true, force: true })
    }
  })
})
