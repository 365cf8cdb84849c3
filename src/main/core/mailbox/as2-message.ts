import { randomBytes } from 'node:crypto'
import { AS2_MESSAGE_LIMITS } from '../../../shared/presets'
import type { RemotePath } from '../../../shared/remote-path'
import { childPath } from '../../../shared/remote-path'
import { MailroomError, toApiError } from '../errors'
import type { SftpSession } from '../sftp/sftp-session'
import type { LocalFile } from '../transfer/send-files'

const { files: MAX_ATTACHMENTS, bytes: MAX_MESSAGE_BYTES } = AS2_MESSAGE_LIMITS

/** Refuses, before anything is uploaded, a message the gateway would not accept. */
export function checkMessageLimits(files: readonly LocalFile[]): void {
  if (files.length > MAX_ATTACHMENTS) {
    throw new MailroomError(
      'invalid-input',
      `One AS2 Gateway message holds at most ${MAX_ATTACHMENTS} files; these are ${files.length}. Nothing was sent: send them as separate messages, or in smaller groups.`,
    )
  }
  const total = files.reduce((sum, file) => sum + file.size, 0)
  if (total > MAX_MESSAGE_BYTES) {
    throw new MailroomError(
      'invalid-input',
      `One AS2 Gateway message holds at most ${MAX_MESSAGE_BYTES / 1_000_000} MB; these files are ${(total / 1_000_000).toFixed(1)} MB together. Nothing was sent: send them as separate messages.`,
    )
  }
}

/**
 * Makes the new, uniquely named message folder in an outbox (AS2 Gateway sends a folder's files
 * as one message two minutes after the last upload). mkdir fails if the name exists, so a name
 * is never shared with another message.
 */
export async function createMessageFolder(
  session: SftpSession,
  outbox: RemotePath,
  now = new Date(),
): Promise<RemotePath> {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const folder = childPath(outbox, `${stamp}-${randomBytes(3).toString('hex')}`)
    try {
      await session.mkdir(folder)
      return folder
    } catch (error) {
      if (toApiError(error).kind !== 'internal' && toApiError(error).kind !== 'already-exists')
        throw error
    }
  }
  throw new MailroomError('internal', `Could not create a new message folder in ${outbox}.`)
}
