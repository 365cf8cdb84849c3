import { posix, win32 } from 'node:path'

/**
 * Local files the person handed to a window in this session, by dropping them on it or choosing
 * them in a native dialog: the only files that window may send. A page taken over by a script
 * could otherwise ask the main side to upload any file the person can read (their SSH keys, a
 * browser's cookies) to a server it names. A granted folder covers everything under it.
 *
 * Kept per web contents: a grant to one window is no grant to another. Paths are compared
 * resolved (so `granted/../elsewhere` is elsewhere) and, on Windows and macOS, whose usual
 * file systems ignore case, without case.
 */
export class PathGrants {
  private readonly byContents = new Map<number, Set<string>>()
  private readonly path: typeof posix

  constructor(private readonly platform: NodeJS.Platform = process.platform) {
    this.path = platform === 'win32' ? win32 : posix
  }

  /** Records a path for a web contents; an empty one (webUtils' answer for a file not on disk) grants nothing. */
  grant(contentsId: number, path: string): void {
    if (!this.isUsable(path)) return
    let granted = this.byContents.get(contentsId)
    if (!granted) this.byContents.set(contentsId, (granted = new Set()))
    granted.add(this.key(path))
  }

  /** Whether the path is one granted to this web contents, or lies under a granted folder. */
  covers(contentsId: number, path: string): boolean {
    const granted = this.byContents.get(contentsId)
    if (!granted || !this.isUsable(path)) return false
    const wanted = this.key(path)
    for (let at = wanted; ;) {
      if (granted.has(at)) return true
      const parent = this.path.dirname(at)
      if (parent === at) return false
      at = parent
    }
  }

  /** Drops a closed window's grants. */
  forget(contentsId: number): void {
    this.byContents.delete(contentsId)
  }

  private isUsable(path: string): boolean {
    return path !== '' && !path.includes('\0') && this.path.isAbsolute(path)
  }

  private key(path: string): string {
    const resolved = this.path.resolve(path)
    return this.platform === 'win32' || this.platform === 'darwin'
      ? resolved.toLowerCase()
      : resolved
  }
}
