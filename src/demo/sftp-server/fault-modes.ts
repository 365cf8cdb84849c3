import type ssh2 from 'ssh2'

/** Faults for tests, of the kinds a real server produces now and then. */
export interface FileServerFaults {
  /** End the connection once this many bytes of file data have been read on it. */
  readonly dropAfterReadBytes?: number
  /** Hold every reply this long (a slow or distant server). */
  readonly delayMs?: number
  /** Carry file data at this many bytes a second on each connection (a slow link). */
  readonly bytesPerSecond?: number
  /** Append to a file right after its first read, as if it were still being written. */
  readonly growWhileRead?: boolean
  /**
   * Files that exist only in listings and reads, in a folder relative to the account's root: for
   * names no Linux file system allows ("/", NUL, over 255 bytes) and folders of 100,000 entries.
   * Each reads as "virtual:<name>"; deleting one removes it from the listing.
   */
  readonly virtualFiles?: { readonly folder: string; readonly names: readonly string[] }
}

/** The `delayMs` fault: every reply of this SFTP channel is held that long. */
export function delayReplies(sftp: ssh2.SFTPWrapper, delayMs: number | undefined): void {
  if (!delayMs) return
  const delay = delayMs
  for (const method of ['status', 'data', 'name', 'attrs', 'handle'] as const) {
    const original = sftp[method].bind(sftp) as (...args: unknown[]) => boolean
    ;(sftp as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      setTimeout(() => original(...args), delay)
      return true
    }
  }
}

/** How long to hold a reply carrying `bytes` so that the link runs at `bytesPerSecond`. */
export function slowLink(bytesPerSecond: number | undefined): (bytes: number) => number {
  let freeAt = 0
  return (bytes) => {
    if (!bytesPerSecond) return 0
    const now = Date.now()
    freeAt = Math.max(now, freeAt) + (bytes * 1000) / bytesPerSecond
    return freeAt - now
  }
}

/** The `virtualFiles` fault as the requests see it: which paths are virtual, and what they hold. */
export interface VirtualFiles {
  /** The virtual file's name for a client path, or undefined for a real path. */
  nameOf(path: string): string | undefined
  data(name: string): Buffer
  attrs(name: string): ssh2.Attributes
  /** The virtual files a listing of this folder (as the client named it) shows after its own. */
  listedIn(clientPath: string): readonly string[]
  remove(name: string): void
}

/**
 * The virtual files of one connection over `virtualNames`, the set the whole server shares:
 * one deleted on one connection stays deleted for the next, as a real file would.
 */
export function virtualFilesOf(faults: FileServerFaults, virtualNames: Set<string>): VirtualFiles {
  const virtual = faults.virtualFiles
  const data = (name: string) => Buffer.from(`virtual:${name}`)
  return {
    nameOf: (path) => {
      if (!virtual) return undefined
      const prefix = `${virtual.folder}/`
      const clean = path.replace(/^\/+/, '')
      return clean.startsWith(prefix) && virtualNames.has(clean.slice(prefix.length))
        ? clean.slice(prefix.length)
        : undefined
    },
    data,
    attrs: (name) => ({
      mode: 0o100644,
      uid: 0,
      gid: 0,
      size: data(name).length,
      atime: 1_700_000_000,
      mtime: 1_700_000_000,
    }),
    listedIn: (clientPath) => {
      const names = virtual && clientPath === virtual.folder ? virtual.names : []
      return names.filter((name) => virtualNames.has(name))
    },
    remove: (name) => virtualNames.delete(name),
  }
}
