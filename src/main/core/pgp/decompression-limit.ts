import { statfs } from 'node:fs/promises'
import { translateLocalError } from '../errors'

/** Space left free on the disk whatever a file inflates to: the system and other files need it. */
export const FREE_SPACE_RESERVE = 256 * 1024 * 1024

/**
 * How far one file may inflate when decompressed: what the disk of `folder` has free, less a
 * reserve, so that a compression bomb (kilobytes that inflate to terabytes) is stopped with a
 * clear message before it fills the disk, while a genuine large file still fits.
 */
export async function decompressionLimit(folder: string, cap = Infinity): Promise<number> {
  try {
    const stats = await statfs(folder)
    const free = Number(stats.bavail) * Number(stats.bsize)
    return Math.max(0, Math.min(cap, free - FREE_SPACE_RESERVE))
  } catch (error) {
    throw translateLocalError(error, 'check the free space of', folder)
  }
}
