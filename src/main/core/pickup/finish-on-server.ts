import { baseName, parentPath, type RemotePath } from '../../../shared/remote-path'
import { MailroomError, toApiError } from '../errors'
import type { Logger } from '../logging/logger'
import { MESSAGE_FOLDER } from '../mailbox/list-mailbox-files'
import type { SftpSession } from '../sftp/sftp-session'
import type { PickupJournal, PickupRecord } from './pickup-journal'

/** What finishing a picked-up file on the server needs. */
export interface FinishContext {
  readonly journal: PickupJournal
  readonly logger: Logger
  /** Leave the server's copy (MFT Gateway's inbox, records, read-only accounts). */
  readonly keepOnServer: boolean
}

/**
 * The last step of a pickup, once the local copy is saved: deletes the server's copy, only if
 * the path still holds the file that was listed (same size and time), or keeps it; journals
 * which. An emptied AS2 Gateway message folder is removed after it, never recursively.
 */
export async function finishOnServer(
  context: FinishContext,
  session: SftpSession,
  record: Pick<PickupRecord, 'id' | 'remotePath' | 'size' | 'modifiedAt'>,
): Promise<void> {
  const { journal } = context
  const path = record.remotePath as RemotePath
  const kept = (reason: string) =>
    journal.append({ step: 'kept', id: record.id, reason, at: Date.now() })
  if (context.keepOnServer) {
    await kept('kept on the server as chosen')
    return
  }
  const now = await session.stat(path).catch((error: unknown) => {
    if (toApiError(error).kind === 'not-found') return undefined
    throw error
  })
  if (!now) {
    await journal.append({ step: 'deleted', id: record.id, at: Date.now() })
    return
  }
  if (now.size !== record.size || now.modifiedAt !== record.modifiedAt) {
    await kept('a different file now has this name on the server')
    return
  }
  try {
    await session.remove(path)
  } catch (error) {
    const apiError = toApiError(error)
    if (apiError.kind !== 'permission-denied') throw error
    await kept('the server refused the delete')
    throw new MailroomError(
      'permission-denied',
      `${JSON.stringify(path)} was saved, but ${session.host} refused to delete it: it stays on the server, and is marked as picked up.`,
    )
  }
  await journal.append({ step: 'deleted', id: record.id, at: Date.now() })
  const folder = parentPath(path)
  if (MESSAGE_FOLDER.test(baseName(folder))) {
    // Never recursive: a folder that still holds a file (a younger one, say) stays.
    await session.rmdir(folder).catch((error: unknown) =>
      context.logger.info('Message folder not removed', {
        folder,
        reason: toApiError(error).message,
      }),
    )
  }
}
