import { posix, win32 } from 'node:path'

/**
 * What the person gave a window a local path for. Each is its own capability, so handing over
 * a path for one job is no licence for another (the private key chosen in "Import key" is not
 * a file to send, the folder chosen to pick up into is not a folder to read from):
 *
 * - `send`: files and folders dropped on the window or picked in its file input, which the
 *   preload reports (webUtils), and archives zipped from them. These may also be read.
 * - `read`: a file chosen in a native open dialog (a key to import), or a settings file the
 *   main side itself proposed (site import's WinSCP.ini, ~/.ssh/config, known_hosts).
 * - `save`: a file chosen in the native save dialog (an exported key, the session log).
 * - `pickup`: a folder chosen in the native folder dialog, or the pickup folder the main side
 *   proposed (the remembered one or Documents/Mailroom/…), to download into.
 */
export type PathPurpose = 'send' | 'read' | 'save' | 'pickup'

/** A grant of one file only, or of a folder and everything under it. */
export type GrantReach = 'file' | 'tree'

/** The grants that let a window use a path for a purpose: a dropped file may be read too. */
const SATISFIED_BY: Record<PathPurpose, readonly PathPurpose[]> = {
  send: ['send'],
  read: ['read', 'send'],
  save: ['save'],
  pickup: ['pickup'],
}

interface Granted {
  readonly files: Set<string>
  readonly trees: Set<string>
}

/**
 * Local paths the person handed to a window in this session, by purpose. A page taken over by
 * a script could otherwise ask the main side to upload any file the person can read (their SSH
 * keys, a browser's cookies) to a server it names, read one as a key or site list, or write a
 * file where the system runs it (a login script, a Startup folder).
 *
 * Kept per web contents: a grant to one window is no grant to another. Paths are compared
 * resolved (so `granted/../elsewhere` is elsewhere) and, on Windows and macOS, whose usual
 * file systems ignore case, without case.
 */
export class PathGrants {
  private readonly byContents = new Map<number, Map<PathPurpose, Granted>>()
  private readonly path: typeof posix

  constructor(private readonly platform: NodeJS.Platform = process.platform) {
    this.path = platform === 'win32' ? win32 : posix
  }

  /**
   * Records a path for a web contents and purpose; an empty one (webUtils' answer for a file
   * not on disk), a relative one or one with a NUL grants nothing.
   */
  grant(contentsId: number, purpose: PathPurpose, path: string, reach: GrantReach): void {
    if (!this.isUsable(path)) return
    let purposes = this.byContents.get(contentsId)
    if (!purposes) this.byContents.set(contentsId, (purposes = new Map()))
    let granted = purposes.get(purpose)
    if (!granted) purposes.set(purpose, (granted = { files: new Set(), trees: new Set() }))
    granted[reach === 'tree' ? 'trees' : 'files'].add(this.key(path))
  }

  /** Whether this web contents may use the path for the purpose: granted itself, or under a granted folder. */
  covers(contentsId: number, purpose: PathPurpose, path: string): boolean {
    const purposes = this.byContents.get(contentsId)
    if (!purposes || !this.isUsable(path)) return false
    const wanted = this.key(path)
    return SATISFIED_BY[purpose].some((by) => {
      const granted = purposes.get(by)
      return granted !== undefined && this.within(granted, wanted)
    })
  }

  /** Drops a closed window's grants. */
  forget(contentsId: number): void {
    this.byContents.delete(contentsId)
  }

  private within(granted: Granted, wanted: string): boolean {
    if (granted.files.has(wanted)) return true
    for (let at = wanted; ;) {
      if (granted.trees.has(at)) return true
      const parent = this.path.dirname(at)
      if (parent === at) return false
      at = parent
    }
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
