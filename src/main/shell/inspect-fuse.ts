import { closeSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Electron's fuse wire, as @electron/fuses writes it: this sentinel, a version byte, a length
 * byte, then one byte per fuse, '1' on and '0' off. The fuse that lets Node's --inspect switches
 * in is the fourth (FuseV1Options.EnableNodeCliInspectArguments).
 */
const SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX')
const INSPECT_FUSE = 3
const FUSE_ON = '1'.charCodeAt(0)
const CHUNK = 4 * 1024 * 1024

/** The file that holds the fuses: the executable, or inside the macOS bundle, Electron's framework. */
export function fuseFile(executable: string, platform: NodeJS.Platform): string {
  return platform === 'darwin'
    ? join(
        executable,
        '..',
        '..',
        'Frameworks',
        'Electron Framework.framework',
        'Electron Framework',
      )
    : executable
}

/**
 * Whether the inspect fuse is on in `file` (launch-guard.ts: the mark of the build workflow's
 * inspectable copy). Reads the binary in chunks until the fuse wire; false when there is none or
 * the file cannot be read. Only a launch with a debugging switch or MAILROOM_DATA_DIR asks, so
 * an ordinary launch never pays for the read.
 */
export function inspectFuseIsOn(file: string): boolean {
  let handle: number
  try {
    handle = openSync(file, 'r')
  } catch {
    return false
  }
  try {
    // Each read overlaps the next by the sentinel's length, so one cut in two is still found.
    const buffer = Buffer.alloc(CHUNK + SENTINEL.length - 1)
    for (let position = 0; ; position += CHUNK) {
      const read = readSync(handle, buffer, 0, buffer.length, position)
      const at = buffer.subarray(0, read).indexOf(SENTINEL)
      if (at >= 0) {
        const wire = Buffer.alloc(2 + INSPECT_FUSE + 1)
        const got = readSync(handle, wire, 0, wire.length, position + at + SENTINEL.length)
        const length = wire[1] ?? 0
        return got === wire.length && length > INSPECT_FUSE && wire[2 + INSPECT_FUSE] === FUSE_ON
      }
      if (read < buffer.length) return false
    }
  } catch {
    return false
  } finally {
    closeSync(handle)
  }
}
