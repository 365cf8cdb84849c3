import { stat, writeFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import type * as Xattr from '@napi-rs/xattr'

type XattrModule = typeof Xattr

/** Where a saved file came from: the server and path, never a secret. */
export interface FileOrigin {
  readonly host: string
  readonly port: number
  readonly username: string
  /** The file's path on the server, relative to the login folder. */
  readonly remotePath: string
}

/** Whether the mark was written, or the file system cannot hold one. */
export type MarkResult = 'marked' | 'unsupported'

/** Writes an extended attribute (macOS, Linux); undefined where the OS has none to write. */
export type SetAttribute = (path: string, name: string, value: string) => Promise<void>

/**
 * Marks a file saved from a server as "from the internet", as browsers mark downloads, so the
 * OS's defences apply when it is opened: SmartScreen and Office's Protected View and its block
 * on macros (Windows: the Zone.Identifier stream, zone 3 "Internet"), Gatekeeper (macOS: the
 * com.apple.quarantine attribute), and the origin Chromium and `wget --xattr` record on Linux
 * (user.xdg.origin.url). Where the file system cannot hold the mark (FAT, some network shares)
 * the file is kept and 'unsupported' returned, for the caller to say so once.
 */
export async function markFromInternet(
  path: string,
  origin: FileOrigin,
  platform: NodeJS.Platform = process.platform,
  setAttribute: SetAttribute | undefined = nativeSetAttribute(platform),
): Promise<MarkResult> {
  try {
    if (platform === 'win32') {
      // An NTFS alternate data stream, written as Edge and Chrome write it. FAT and some shares
      // have no streams: Windows then calls the name invalid (ENOENT, EINVAL from libuv).
      const written = await writeFile(
        `${path}:Zone.Identifier`,
        `[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=${originUrl(origin, false)}\r\n`,
      ).then(
        () => true,
        async (error: unknown) => {
          const code = (error as { code?: unknown } | null)?.code
          if ((code === 'ENOENT' || code === 'EINVAL') && (await exists(path))) return false
          throw error
        },
      )
      return written ? 'marked' : 'unsupported'
    }
    if (!setAttribute) return 'unsupported'
    if (platform === 'darwin') {
      // flags;seconds since 1970 in hex;agent;event id: "0081" marks a download whose user
      // has not yet approved it (what Safari writes).
      const seconds = Math.floor(Date.now() / 1000).toString(16)
      await setAttribute(
        path,
        'com.apple.quarantine',
        `0081;${seconds};Mailroom;${randomUUID().toUpperCase()}`,
      )
      return 'marked'
    }
    await setAttribute(path, 'user.xdg.origin.url', originUrl(origin, true))
    return 'marked'
  } catch (error) {
    if (cannotHoldMarks(error)) return 'unsupported'
    throw error
  }
}

/**
 * `sftp://user@host:port/path`, each part percent-encoded: the login name only where the
 * convention has a place for it (xdg, as wget writes it), never a password.
 */
export function originUrl(origin: FileOrigin, withUser: boolean): string {
  const host = origin.host.includes(':') ? `[${origin.host}]` : origin.host
  const user = withUser && origin.username !== '' ? `${encodeURIComponent(origin.username)}@` : ''
  const path = origin.remotePath
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/')
  return `sftp://${user}${host}:${origin.port}/${path}`
}

function cannotHoldMarks(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : String(error)
  // ENOTSUP / EOPNOTSUPP: the file system has no extended attributes (or no streams); the
  // native module reports errno in its message.
  return (
    code === 'ENOTSUP' ||
    code === 'EOPNOTSUPP' ||
    /Operation not supported|os error (95|45|102)\b/i.test(message)
  )
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/**
 * @napi-rs/xattr where the OS has extended attributes: loaded only there (it ships no Windows
 * binary), and only when first needed.
 */
function nativeSetAttribute(platform: NodeJS.Platform): SetAttribute | undefined {
  if (platform !== 'darwin' && platform !== 'linux') return undefined
  let loaded: Promise<XattrModule> | undefined
  return async (path, name, value) => {
    loaded ??= import('@napi-rs/xattr')
    await (await loaded).setAttribute(path, name, value)
  }
}
