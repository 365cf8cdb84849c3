import { ComparablePaths } from '../core/local-paths/comparable-paths'
import type { PathPurpose } from '../../shared/local-path-inputs'

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
 * Local paths the person handed to a window in this session, by purpose (PathPurpose in
 * src/shared/local-path-inputs.ts). A page taken over by a script could otherwise ask the main
 * side to upload any file the person can read (their SSH keys, a browser's cookies) to a server
 * it names, read one as a key or site list, or write a file where the system runs it (a login
 * script, a Startup folder).
 *
 * Kept per web contents: a grant to one window is no grant to another. Paths are compared as
 * the volume identifies them (comparable-paths.ts): real, so that `granted/../elsewhere` is
 * elsewhere and a link or junction inside a granted folder leads nowhere it points, and without
 * case only where the volume ignores it.
 */
export class PathGrants {
  private readonly byContents = new Map<number, Map<PathPurpose, Granted>>()

  constructor(private readonly paths: ComparablePaths = new ComparablePaths()) {}

  /**
   * Records a path for a web contents and purpose; an empty one (webUtils' answer for a file
   * not on disk), a relative one or one with a NUL grants nothing.
   */
  grant(contentsId: number, purpose: PathPurpose, path: string, reach: GrantReach): void {
    if (!this.paths.isUsable(path)) return
    let purposes = this.byContents.get(contentsId)
    if (!purposes) this.byContents.set(contentsId, (purposes = new Map()))
    let granted = purposes.get(purpose)
    if (!granted) purposes.set(purpose, (granted = { files: new Set(), trees: new Set() }))
    granted[reach === 'tree' ? 'trees' : 'files'].add(this.paths.key(path))
  }

  /** Whether this web contents may use the path for the purpose: granted itself, or under a granted folder. */
  covers(contentsId: number, purpose: PathPurpose, path: string): boolean {
    const purposes = this.byContents.get(contentsId)
    if (!purposes || !this.paths.isUsable(path)) return false
    const wanted = this.paths.key(path)
    return SATISFIED_BY[purpose].some((by) => {
      const granted = purposes.get(by)
      if (granted === undefined) return false
      if (granted.files.has(wanted)) return true
      for (const tree of granted.trees) if (this.paths.isWithin(wanted, tree)) return true
      return false
    })
  }

  /** Drops a closed window's grants. */
  forget(contentsId: number): void {
    this.byContents.delete(contentsId)
  }
}
