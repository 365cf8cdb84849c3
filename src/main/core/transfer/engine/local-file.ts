import { open, type FileHandle } from 'node:fs/promises'
import { translateLocalError } from '../../errors'

/** Opens a local file for a transfer, a failure told in the person's words (what, where, why). */
export async function openLocalFile(
  path: string,
  flags: 'r' | 'r+' | 'wx',
  verb: string,
): Promise<FileHandle> {
  try {
    return await open(path, flags)
  } catch (error) {
    throw translateLocalError(error, verb, path)
  }
}
