import { createHash } from 'node:crypto'
import { createReadStream, type Stats } from 'node:fs'
import { link, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { MailroomError, translateLocalError } from '../errors'
import { numberedName } from './local-file-name'

/**
 * How a picked-up file lands in its folder: downloaded into a hidden part file named after its
 * journal record, then given the first free final name without ever replacing a file. Recovery
 * after a crash finds both by the same rules.
 */

/** The hidden file a pickup downloads into before the file has its final name. */
export function partPath(folder: string, id: string): string {
  return join(folder, `.mailroom-${id}.part`)
}

/**
 * Gives the part file the first free name of "name", "name (1)", "name (2)"…: a hard link fails
 * if the name exists, so an earlier file is never replaced, even in a race with another program.
 */
export async function claimFinalName(part: string, folder: string, name: string): Promise<string> {
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const candidate = join(folder, attempt === 0 ? name : numberedName(name, attempt))
    try {
      await link(part, candidate)
      await unlink(part)
      return candidate
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'EEXIST') continue
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        // File systems without hard links (FAT, some network shares): check, then rename.
        if (
          await stat(candidate).then(
            () => true,
            () => false,
          )
        )
          continue
        await rename(part, candidate).catch((renameError: unknown) => {
          throw translateLocalError(renameError, 'save', candidate)
        })
        return candidate
      }
      throw translateLocalError(error, 'save', candidate)
    }
  }
  throw new MailroomError('local-io', `Too many files named like ${name} in ${folder}.`)
}

/** The first of "name", "name (1)"… in `folder` that `matches`, up to a free one. */
export async function findSavedCopy(
  folder: string,
  name: string,
  matches: (found: Stats, candidate: string) => Promise<boolean>,
): Promise<string | undefined> {
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const candidate = join(folder, attempt === 0 ? name : numberedName(name, attempt))
    const found = await stat(candidate).catch(() => undefined)
    if (!found) return undefined
    if (await matches(found, candidate)) return candidate
  }
  return undefined
}

/** The SHA-256 of a local file, hex. */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Removes a part file that may or may not exist; any other failure is reported. */
export async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'ENOENT')
      throw translateLocalError(error, 'remove', path)
  })
}
