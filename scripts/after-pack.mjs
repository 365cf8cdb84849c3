// electron-builder's afterPack hook (electron-builder.ts): runs once per platform and
// architecture, after the app is copied into its Electron and before it is signed, so the
// signature covers the flipped fuses. It makes sure the native binaries for that architecture
// (the keychain's; on macOS and Linux the extended attributes') are in the package, then flips
// Electron's fuses as Signal Desktop does.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

/**
 * Every fuse of the V1 wire, decided (strictlyRequireAllFuses makes a build fail when an Electron
 * upgrade adds one nobody decided on). scripts/check-packaged-app.mjs reads them back.
 */
export const FUSES = {
  // The packaged executable never runs as plain Node: ELECTRON_RUN_AS_NODE would turn it into
  // an interpreter that inherits the app's signature and keychain access.
  RunAsNode: false,
  EnableCookieEncryption: true,
  // Neither NODE_OPTIONS nor --inspect can inject code into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // app.asar's hash is checked against the one electron-builder embeds (macOS, Windows), and
  // the app is loaded from app.asar only, so a swapped-in app folder is not run.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The app is served from app://, so file:// needs none of its historical extra privileges.
  GrantFileProtocolExtraPrivileges: false,
  // Electron's default: WebAssembly (hash-wasm's Argon2id, ssh2's Poly1305) stays fast.
  WasmTrapHandlers: true,
}

/** builder-util's Arch enum, by value (electron-builder passes the number). */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']

/** The path @electron/fuses wants: the .app bundle on macOS, the executable elsewhere. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  // The same names electron-builder's own packager.addElectronFuses uses.
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`)
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`)
    case 'linux':
      return join(appOutDir, packager.executableName)
    default:
      throw new Error(`after-pack: no Electron executable known for ${electronPlatformName}`)
  }
}

/** Where app.asar and app.asar.unpacked are, inside the packed app. */
export function resourcesDir(context) {
  const binary = electronBinaryPath(context)
  return binary.endsWith('.app')
    ? join(binary, 'Contents', 'Resources')
    : join(context.appOutDir, 'resources')
}

/**
 * The prebuilt N-API binaries the app needs, per OS: the keychain (@napi-rs/keyring) everywhere,
 * extended attributes (@napi-rs/xattr, the "from the internet" mark on picked-up files) where
 * the OS has them (Windows marks files with a stream Node writes itself).
 */
export const NATIVE_BINARIES = [
  { name: 'keyring', what: 'the keychain binary', platforms: ['darwin', 'linux', 'win32'] },
  { name: 'xattr', what: 'the extended-attribute binary', platforms: ['darwin', 'linux'] },
]

/**
 * Fails the build when the package lacks a native binary for the target: npm installs only the
 * running machine's, so an x64 DMG built on an Apple Silicon Mac (or an arm64 one on Intel)
 * would install fine and then lose every saved secret. Build each architecture with a Node of
 * that architecture (the workflow runs the x64 build under Rosetta).
 */
export function assertNativeBinaries(context) {
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch)
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName
  const scope = join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', '@napi-rs')
  const found = existsSync(scope) ? readdirSync(scope) : []
  for (const binary of NATIVE_BINARIES) {
    if (!binary.platforms.includes(platform)) continue
    const wanted = `${binary.name}-${platform}-${arch}`
    const match = found.find((name) => name === wanted || name.startsWith(`${wanted}-`))
    if (!match || !readdirSync(join(scope, match)).some((file) => file.endsWith('.node'))) {
      throw new Error(
        `after-pack: @napi-rs/${wanted}* is not unpacked in ${scope} (found: ${found.join(', ') || 'nothing'}). ` +
          `npm installed ${binary.what} for ${process.platform}-${process.arch} only; ` +
          `build ${platform}-${arch} with a Node for that architecture.`,
      )
    }
  }
}

/** The hook itself. */
export default async function afterPack(context) {
  assertNativeBinaries(context)
  const config = {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // On Apple Silicon an unsigned binary must carry a valid ad-hoc signature to start;
    // flipping fuses breaks Electron's, and a build without a signing identity is not re-signed.
    resetAdHocDarwinSignature:
      context.electronPlatformName === 'darwin' && ARCH_NAMES[context.arch] === 'arm64',
  }
  for (const [name, value] of Object.entries(FUSES)) config[FuseV1Options[name]] = value
  const binary = electronBinaryPath(context)
  console.log(`after-pack: flipping fuses in ${binary}`)
  await flipFuses(binary, config)
}
