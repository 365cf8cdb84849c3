import { realpathSync, statSync } from 'node:fs'
import { posix, win32 } from 'node:path'

/** What the disk says about a path, injected so tests can play any volume. */
export interface PathFacts {
  /**
   * The path with every symbolic link and junction resolved. For one that does not exist yet (a
   * file about to be saved, a pickup folder about to be made) its nearest existing folder is
   * resolved and the rest appended.
   */
  realPath(path: string): string
  /** Whether the volume holding this (real) path ignores letter case. */
  ignoresCase(realPath: string): boolean
}

/**
 * Local paths compared as the file system compares them, for deciding whether one is inside
 * another (path-grants in the app, the home folder in the web UI). Compared as written, a link
 * inside a granted folder (`~/Outbox/keys -> ~/.ssh`) would take a grant anywhere, and lowering
 * case where the volume does not ignore it (a case-sensitive APFS or a Linux share on macOS)
 * would take a grant of `Outbox` to `outbox`, another folder.
 */
export class ComparablePaths {
  readonly path: typeof posix

  constructor(
    readonly platform: NodeJS.Platform = process.platform,
    private readonly facts: PathFacts = diskPathFacts(platform),
  ) {
    this.path = platform === 'win32' ? win32 : posix
  }

  /** An absolute path with no NUL: anything else names nothing here (webUtils gives '' for no file). */
  isUsable(path: string): boolean {
    return path !== '' && !path.includes('\0') && this.path.isAbsolute(path)
  }

  /** The path as the volume identifies it: real, and without case where the volume ignores it. */
  key(path: string): string {
    const real = this.facts.realPath(this.path.resolve(path))
    return this.facts.ignoresCase(real) ? real.toLowerCase() : real
  }

  /** Whether the path a key names is `root`'s key itself or anything under it. */
  isWithin(key: string, root: string): boolean {
    if (key === root) return true
    const prefix = root.endsWith(this.path.sep) ? root : `${root}${this.path.sep}`
    return key.startsWith(prefix)
  }
}

/** The facts read from the disk of this computer. */
export function diskPathFacts(platform: NodeJS.Platform = process.platform): PathFacts {
  const path = platform === 'win32' ? win32 : posix
  // A volume's case rule does not change while the app runs: one probe per device.
  const byDevice = new Map<number, boolean>()
  return {
    realPath: (wanted) => {
      const rest: string[] = []
      for (let at = wanted; ;) {
        try {
          return path.join(realpathSync.native(at), ...rest.reverse())
        } catch {
          const parent = path.dirname(at)
          if (parent === at) return wanted
          rest.push(path.basename(at))
          at = parent
        }
      }
    },
    ignoresCase: (real) => {
      for (let at = real; ;) {
        const parent = path.dirname(at)
        const name = path.basename(at)
        const swapped = swapCase(name)
        const stat = statOrUndefined(at)
        if (stat && swapped !== name) {
          const known = byDevice.get(stat.dev)
          if (known !== undefined) return known
          const other = statOrUndefined(path.join(parent, swapped))
          const ignores = other !== undefined && other.dev === stat.dev && other.ino === stat.ino
          byDevice.set(stat.dev, ignores)
          return ignores
        }
        // No letter to swap up to the root: the usual rule of the OS's own file system.
        if (parent === at) return platform === 'win32' || platform === 'darwin'
        at = parent
      }
    },
  }
}

function swapCase(name: string): string {
  return [...name]
    .map((letter) => {
      const upper = letter.toUpperCase()
      return letter === upper ? letter.toLowerCase() : upper
    })
    .join('')
}

function statOrUndefined(path: string) {
  try {
    return statSync(path, { bigint: false })
  } catch {
    return undefined
  }
}
