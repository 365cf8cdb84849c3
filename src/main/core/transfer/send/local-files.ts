import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { MailroomError, translateLocalError } from '../../errors'

/** A local file about to be sent, under the name it gets on the server. */
export interface LocalFile {
  readonly localPath: string
  readonly name: string
  readonly size: number
}

/**
 * Checks the local files before anything is queued: a folder among them refuses the whole
 * drop rather than half of it, and so do two files of the same name.
 */
export async function checkLocalFiles(
  localPaths: readonly string[],
  remoteNames?: readonly string[],
): Promise<LocalFile[]> {
  const files: LocalFile[] = []
  for (const [index, localPath] of localPaths.entries()) {
    const info = await stat(localPath).catch((error: unknown) => {
      throw translateLocalError(error, 'read', localPath)
    })
    if (info.isDirectory()) {
      throw new MailroomError(
        'invalid-input',
        `${basename(localPath)} is a folder. Send the files inside it instead; nothing was sent.`,
      )
    }
    if (!info.isFile())
      throw new MailroomError(
        'invalid-input',
        `${basename(localPath)} is not a regular file; nothing was sent.`,
      )
    const name = remoteNames?.[index] ?? basename(localPath)
    if (name === '' || name.includes('/') || name === '.' || name === '..')
      throw new MailroomError('invalid-input', `"${name}" cannot be a file name on the server.`)
    files.push({ localPath, name, size: info.size })
  }
  const names = new Set<string>()
  for (const { name } of files) {
    if (names.has(name))
      throw new MailroomError(
        'invalid-input',
        `Two of the files are named ${name}; nothing was sent.`,
      )
    names.add(name)
  }
  return files
}
