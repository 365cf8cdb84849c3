import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type * as Fuses from '@electron/fuses'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeLinuxUnpacked, GOOD_APP } from './fake-app'

/** The after-pack hook (scripts/after-pack.mjs), with @electron/fuses replaced by a recorder. */

const flipFuses = vi.fn(async () => 1)
vi.mock('@electron/fuses', async (importOriginal) => ({
  ...(await importOriginal<typeof Fuses>()),
  flipFuses,
}))

type Context = {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { appInfo: { productFilename: string }; executableName: string }
}
type Hook = {
  default: (context: Context) => Promise<void>
  electronBinaryPath: (context: Context) => string
}
const load = () => import(resolve('scripts/after-pack.mjs')) as Promise<Hook>

// builder-util's Arch numbers, as electron-builder passes them.
const X64 = 1
const ARM64 = 3

const context = (appOutDir: string, electronPlatformName: string, arch = X64): Context => ({
  appOutDir,
  electronPlatformName,
  arch,
  packager: { appInfo: { productFilename: 'Mailroom' }, executableName: 'mailroom' },
})

describe('the after-pack hook', () => {
  const roots: string[] = []
  beforeEach(() => flipFuses.mockClear())
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
  })

  it('finds the executable electron-builder made on each platform', async () => {
    const { electronBinaryPath } = await load()
    expect(electronBinaryPath(context('/o', 'darwin'))).toBe(join('/o', 'Mailroom.app'))
    expect(electronBinaryPath(context('/o', 'win32'))).toBe(join('/o', 'Mailroom.exe'))
    expect(electronBinaryPath(context('/o', 'linux'))).toBe(join('/o', 'mailroom'))
    expect(() => electronBinaryPath(context('/o', 'aix'))).toThrow(/aix/)
  })

  it('flips the listed fuses, every one decided, on the packed executable', async () => {
    const app = await fakeLinuxUnpacked()
    roots.push(app.root)
    const { FuseV1Options, FuseVersion } = await import('@electron/fuses')
    await (await load()).default(context(app.dir, 'linux'))
    expect(flipFuses).toHaveBeenCalledTimes(1)
    expect(flipFuses).toHaveBeenCalledWith(app.executable, {
      version: FuseVersion.V1,
      strictlyRequireAllFuses: true,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
      [FuseV1Options.WasmTrapHandlers]: true,
    })
  })

  it("refuses a package without the keychain binary for the target's architecture", async () => {
    const app = await fakeLinuxUnpacked()
    roots.push(app.root)
    // Packed for arm64 with only the x64 binary installed: the installer would lose every secret.
    await expect((await load()).default(context(app.dir, 'linux', ARM64))).rejects.toThrow(
      /keyring-linux-arm64.*not unpacked.*Node for that architecture/s,
    )
    expect(flipFuses).not.toHaveBeenCalled()
  })

  it('refuses a macOS or Linux package without the binary that marks picked-up files', async () => {
    const app = await fakeLinuxUnpacked(
      Object.fromEntries(
        Object.entries(GOOD_APP).filter(([path]) => !path.includes('@napi-rs/xattr')),
      ),
    )
    roots.push(app.root)
    await expect((await load()).default(context(app.dir, 'linux', X64))).rejects.toThrow(
      /xattr-linux-x64.*not unpacked.*extended-attribute binary/s,
    )
    expect(flipFuses).not.toHaveBeenCalled()
  })
})
