import { randomUUID } from 'node:crypto'
import { link, open, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { ProfileId, TransferId } from '../../../shared/domain'
import { baseName, type RemotePath } from '../../../shared/remote-path'
import { MailroomError, translateLocalError } from '../errors'
import type { SftpSession } from '../sftp/sftp-session'
import type { JobControl, TransferQueue } from '../transfer/transfer-queue'
import { numberedName, safeLocalName } from './local-file-name'

/**
 * Queues a pickup of each remote file: download, verify, then delete on the server. The list
 * is exactly what the person selected: nothing is deleted that was not first listed and fetched.
 */
export async function pickUpFiles(
  queue: TransferQueue,
  session: SftpSession,
  profileId: ProfileId,
  remotePaths: readonly RemotePath[],
  localFolder: string,
): Promise<TransferId[]> {
  const folder = await stat(localFolder).catch((error: unknown) => {
    throw translateLocalError(error, 'open the folder', localFolder)
  })
  if (!folder.isDirectory())
    throw new MailroomError(
      'invalid-input',
      `${localFolder} is not a folder. Choose a folder to pick up into.`,
    )
  const ids: TransferId[] = []
  for (const remotePath of remotePaths) {
    const remote = await session.stat(remotePath)
    if (remote.kind !== 'file') {
      throw new MailroomError(
        'invalid-input',
        `${JSON.stringify(remotePath)} is not a file; only files are picked up.`,
      )
    }
    ids.push(
      queue.enqueue({
        profileId,
        direction: 'pickup',
        name: baseName(remotePath),
        remotePath,
        localPath: join(localFolder, safeLocalName(baseName(remotePath))),
        totalBytes: remote.size,
        run: (control) => pickUpOne(session, remotePath, remote.size, localFolder, control),
      }),
    )
  }
  return ids
}

/**
 * The safe order: fetch into a hidden part file, flush it, check its size against the listing
 * and the server's size now, give it its final name without replacing any file, flush the
 * folder, and only then delete the server's copy. A failure at any step leaves the server's
 * file where it was.
 */
async function pickUpOne(
  session: SftpSession,
  remotePath: RemotePath,
  listedSize: number,
  localFolder: string,
  control: JobControl,
): Promise<void> {
  const partPath = join(localFolder, `.mailroom-${randomUUID()}.part`)
  let finalPath: string | undefined
  try {
    const received = await session.download(remotePath, partPath, {
      signal: control.signal,
      onProgress: (done, total) => control.progress(done, total),
    })
    control.verifying()
    const local = await stat(partPath)
    const remoteNow = await session.stat(remotePath)
    if (local.size !== received || remoteNow.size !== received || received !== listedSize) {
      throw new MailroomError(
        'verify-failed',
        `${JSON.stringify(remotePath)} on ${session.host} changed while it was picked up (listed ${listedSize} bytes, received ${received}, now ${remoteNow.size}). It was not deleted; pick it up again.`,
      )
    }
    finalPath = await claimFinalName(partPath, localFolder, safeLocalName(baseName(remotePath)))
    await syncFolder(localFolder)
  } catch (error) {
    await unlink(partPath).catch(() => undefined)
    throw error
  }
  if (control.signal.aborted) return
  await session.remove(remotePath).catch((error: unknown) => {
    throw new MailroomError(
      'verify-failed',
      `${JSON.stringify(remotePath)} was saved as ${finalPath}, but could not be deleted on ${session.host}: ${error instanceof Error ? error.message : String(error)}`,
    )
  })
}

/**
 * Gives the part file the first free name of "name", "name (2)", ...: a hard link fails if the
 * name exists, so an earlier file is never replaced, even by a race with another program.
 */
async function claimFinalName(partPath: string, folder: string, name: string): Promise<string> {
  for (let attempt = 1; attempt < 10_000; attempt += 1) {
    const candidate = join(folder, attempt === 1 ? name : numberedName(name, attempt))
    try {
      await link(partPath, candidate)
      await unlink(partPath)
      return candidate
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'EEXIST') continue
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        // File systems without hard links (FAT, some network shares): check, then rename.
        if (await exists(candidate)) continue
        await rename(partPath, candidate).catch((renameError: unknown) => {
          throw translateLocalError(renameError, 'save', candidate)
        })
        return candidate
      }
      throw translateLocalError(error, 'save', candidate)
    }
  }
  throw new MailroomError('local-io', `Too many files named like ${name} in ${folder}.`)
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** Flushes the folder entry of the new file, so a crash right after the delete cannot lose it. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return // Windows cannot open a folder for fsync; NTFS journals the rename.
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
