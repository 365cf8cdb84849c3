import { createHash } from 'node:crypto'
import { createReadStream, type Stats } from 'node:fs'
import { link, open, rename, stat, unlink } from 'node:fs/promises'
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

/** The file operations claimFinalName uses: Node's, or a test's stand-ins. */
export interface ClaimFileSystem {
  readonly link: (existing: string, created: string) => Promise<void>
  readonly rename: (from: string, to: string) => Promise<void>
}

const NODE_FILE_SYSTEM: ClaimFileSystem = { link, rename }

/**
 * Gives the part file the first free name of "name", "name (1)", "name (2)"…: a hard link fails
 * if the name exists, so an earlier file is never replaced, even in a race with another program.
 * On file systems without hard links (FAT, some network shares) the name is first claimed by
 * creating it exclusively, and only that file of ours is then replaced by the rename: checking
 * that the name is free and then renaming would replace a file made in between.
 */
export async function claimFinalName(
  part: string,
  folder: string,
  name: string,
  fileSystem: ClaimFileSystem = NODE_FILE_SYSTEM,
): Promise<string> {
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const candidate = join(folder, attempt === 0 ? name : numberedName(name, attempt))
    try {
      await fileSystem.link(part, candidate)
      await unlink(part)
      return candidate
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'EEXIST') continue
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        if (!(await createExclusively(candidate))) continue
        await fileSystem.rename(part, candidate).catch((renameError: unknown) => {
          throw translateLocalError(renameError, 'save', candidate)
        })
        return candidate
      }
      throw translateLocalError(error, 'save', candidate)
    }
  }
  throw new MailroomError('local-io', `Too many files named like ${name} in ${folder}.`)
}

/** Creates an empty file at `path`, unless one is there: false then. */
async function createExclusively(path: string): Promise<boolean> {
  try {
    await (await open(path, 'wx')).close()
    return true
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false
    throw translateLocalError(error, 'save', path)
  }
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
