import type { MailboxFile } from '../../../shared/domain'
import type { RemotePath } from '../../../shared/remote-path'
import type { ListControl, SftpSession } from '../sftp/sftp-session'

/** AS2 Gateway names a message folder `<processed timestamp>-<random number>` (DESIGN.md 1). */
export const MESSAGE_FOLDER = /^\d{8,}-\d+$/
const MESSAGE_PREFIX = /^(\d{8,}-\d+)-(.+)$/
// Message folders listed at once: each listing is a few requests, far below the handle limits.
const FOLDERS_AT_ONCE = 16

/**
 * The files of a mailbox as a person thinks of them. In a receive mailbox, files inside
 * per-message folders are listed with the folder as their message (AS2 Gateway layout a, MFT
 * Gateway), and `<timestamp>-<random>-<name>` files at the root show their original name with
 * the prefix as the message (layout b). Plain names (layout c) are listed as they are.
 */
export async function listMailboxFiles(
  session: Pick<SftpSession, 'list'>,
  folder: RemotePath,
  receive: boolean,
  control: ListControl = {},
): Promise<MailboxFile[]> {
  const entries = await session.list(folder, control)
  const messageFolders = entries.filter(
    (entry) => receive && entry.kind === 'directory' && MESSAGE_FOLDER.test(entry.name),
  )
  // MFT Gateway keeps one folder per message: listing them one after another paid a round trip
  // (several, with OPENDIR and CLOSE) per message, so they are read several at a time.
  const inside = new Map<string, MailboxFile[]>()
  let next = 0
  const worker = async () => {
    for (let index = next++; index < messageFolders.length; index = next++) {
      const entry = messageFolders[index]
      if (!entry) continue
      const listed = await session.list(entry.path, {
        ...(control.signal ? { signal: control.signal } : {}),
        ...(control.onSkipped ? { onSkipped: control.onSkipped } : {}),
      })
      inside.set(
        entry.path,
        listed.flatMap((inner) =>
          inner.kind === 'file'
            ? [
                {
                  path: inner.path,
                  name: inner.name,
                  message: entry.name,
                  size: inner.size,
                  modifiedAt: inner.modifiedAt,
                },
              ]
            : [],
        ),
      )
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(FOLDERS_AT_ONCE, messageFolders.length) }, worker),
  )

  const files: MailboxFile[] = []
  for (const entry of entries) {
    if (entry.kind === 'file') {
      const prefixed = receive ? MESSAGE_PREFIX.exec(entry.name) : null
      files.push({
        path: entry.path,
        name: prefixed?.[2] ?? entry.name,
        message: prefixed?.[1] ?? null,
        size: entry.size,
        modifiedAt: entry.modifiedAt,
      })
    } else files.push(...(inside.get(entry.path) ?? []))
  }
  return files
}
