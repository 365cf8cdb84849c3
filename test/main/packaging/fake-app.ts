import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createPackageWithOptions } from '@electron/asar'

/** The fuse sentinel Electron's binary carries before its fuse wire (@electron/fuses' constant). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/** Electron's own defaults for the 9 fuses of wire V1, as shipped: '1' on, '0' off. */
export const ELECTRON_DEFAULT_WIRE = '101100011'

/**
 * A stand-in for an Electron executable: bytes around a real fuse sentinel and wire, which
 * @electron/fuses reads and writes exactly as in a real binary.
 */
export function fakeElectronBinary(path: string, wire = ELECTRON_DEFAULT_WIRE): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('\x7fELF fake electron '.repeat(64)),
      Buffer.from(SENTINEL),
      Buffer.from([1, wire.length]),
      Buffer.from(wire),
      Buffer.from(' trailing bytes '.repeat(64)),
    ]),
  )
}

export type AppFiles = Record<string, string>

/** The files of a correctly built app, as electron-builder would put them into app.asar. */
export const GOOD_APP: AppFiles = {
  'package.json': JSON.stringify({ name: 'mailroom', version: '0.1.0', main: 'out/main/index.js' }),
  'out/main/index.js': 'import "electron"\n',
  'out/preload/index.cjs':
    'const { contextBridge } = require("electron")\ncontextBridge.exposeInMainWorld("mailroom", {})\n',
  'out/renderer/index.html': '<!doctype html><title>Mailroom</title>\n',
  'node_modules/@napi-rs/keyring/package.json': '{"name":"@napi-rs/keyring"}',
  'node_modules/@napi-rs/keyring-linux-x64-gnu/package.json':
    '{"name":"@napi-rs/keyring-linux-x64-gnu"}',
  'node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node': 'native code',
  'node_modules/@napi-rs/xattr/package.json': '{"name":"@napi-rs/xattr"}',
  'node_modules/@napi-rs/xattr-linux-x64-gnu/package.json':
    '{"name":"@napi-rs/xattr-linux-x64-gnu"}',
  'node_modules/@napi-rs/xattr-linux-x64-gnu/xattr.linux-x64-gnu.node': 'native code',
  'node_modules/ssh2/package.json': '{"name":"ssh2"}',
  'node_modules/ssh2/util/pagent.exe': 'MZ program',
  'node_modules/openpgp/package.json': '{"name":"openpgp"}',
  'node_modules/openpgp/LICENSE': 'GNU LESSER GENERAL PUBLIC LICENSE',
}

/**
 * Builds dist/linux-unpacked in a temp folder: the executable "mailroom", resources/app.asar made
 * with @electron/asar and, when `unpackNative`, the .node files and Pageant's helper in
 * app.asar.unpacked, as electron-builder.ts's asarUnpack has them.
 */
export async function fakeLinuxUnpacked(
  files: AppFiles = GOOD_APP,
  { unpackNative = true } = {},
): Promise<{ root: string; dir: string; executable: string }> {
  const root = mkdtempSync(join(tmpdir(), 'mailroom-pack-'))
  const staging = join(root, 'app')
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(staging, path)), { recursive: true })
    writeFileSync(join(staging, path), content)
  }
  const dir = join(root, 'linux-unpacked')
  mkdirSync(join(dir, 'resources'), { recursive: true })
  await createPackageWithOptions(
    staging,
    join(dir, 'resources', 'app.asar'),
    unpackNative ? { unpack: '{*.node,pagent.exe}' } : {},
  )
  const executable = join(dir, 'mailroom')
  fakeElectronBinary(executable)
  return { root, dir, executable }
}
