import { createWriteStream } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import { MailroomError, translateLocalError } from '../errors'
import { checkLocalFiles } from './send/local-files'

/**
 * Zips local files into one archive (streamed, so large files need little memory), for MFT
 * Gateway, where several files travel as one message only inside one archive.
 */
export async function zipFiles(
  localPaths: readonly string[],
  archiveName: string,
): Promise<string> {
  if (!/^[^/\\\0]+\.zip$/i.test(archiveName))
    throw new MailroomError(
      'invalid-input',
      'The archive name must end in .zip and contain no "/" or "\\".',
    )
  const files = await checkLocalFiles(localPaths)
  const folder = await mkdtemp(join(tmpdir(), 'mailroom-zip-'))
  const target = join(folder, basename(archiveName))
  const zip = new yazl.ZipFile()
  for (const file of files) zip.addFile(file.localPath, file.name)
  zip.end()
  await pipeline(zip.outputStream, createWriteStream(target, { flags: 'wx' })).catch(
    (error: unknown) => {
      throw translateLocalError(error, 'write the archive', target)
    },
  )
  return target
}
