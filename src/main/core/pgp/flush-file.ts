import { open } from 'node:fs/promises'
import { translateLocalError } from '../errors'

/** Flushes a part file to the disk, so that the name it gets next points at bytes that are there. */
export async function flushFile(path: string): Promise<void> {
  let handle
  try {
    handle = await open(path, 'r+')
    await handle.sync()
  } catch (error) {
    throw translateLocalError(error, 'flush', path)
  } finally {
    await handle?.close()
  }
}
