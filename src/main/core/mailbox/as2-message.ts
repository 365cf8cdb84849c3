import { randomBytes } from 'node:crypto'
import type { MessageLimits, Preset } from '../../../shared/presets'
import type { RemotePath } from '../../../shared/remote-path'
import { childPath } from '../../../shared/remote-path'
import { MailroomError, toApiError } from '../errors'
import type { SftpSession } from '../sftp/sftp-session'
import type { LocalFile } from '../transfer/send/local-files'

/**
 * The preset's limits for one message of several files, or a refusal saying how else to send
 * them, when its gateway takes every file as a message of its own.
 */
export function messageLimitsOf(preset: Preset): MessageLimits {
  if (preset.multiFileMessage) return preset.multiFileMessage
  throw new MailroomError(
    'invalid-input',
    `${preset.label} does not take several files as one message.${preset.zipsSeveralFiles ? ' Zip them into one archive instead.' : ' Send them separately.'}`,
  )
}

/** Refuses, before anything is uploaded, a message the gateway would not accept. */
export function checkMessageLimits(
  files: readonly LocalFile[],
  limits: MessageLimits,
  gateway: string,
): void {
  if (files.length > limits.files) {
    throw new MailroomError(
      'invalid-input',
      `One ${gateway} message holds at most ${limits.files} files; these are ${files.length}. Nothing was sent: send them as separate messages, or in smaller groups.`,
    )
  }
  const total = files.reduce((sum, file) => sum + file.size, 0)
  if (total > limits.bytes) {
    throw new MailroomError(
      'invalid-input',
      `One ${gateway} message holds at most ${limits.bytes / 1_000_000} MB; these files are ${(total / 1_000_000).toFixed(1)} MB together. Nothing was sent: send them as separate messages.`,
    )
  }
}

/**
 * Makes the new, uniquely named message folder in an outbox (AS2 Gateway sends a folder's files
 * as one message two minutes after the last upload). mkdir fails if the name exists, so a name
 * is never shared with another message. `beforeMaking` is told each name before it is made (the
 * send journal records the message under it first, so a crash right after leaves it known).
 */
export async function createMessageFolder(
  session: SftpSession,
  outbox: RemotePath,
  now = new Date(),
  beforeMaking?: (folder: RemotePath) => Promise<void>,
): Promise<RemotePath> {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const folder = childPath(outbox, `${stamp}-${randomBytes(3).toString('hex')}`)
    await beforeMaking?.(folder)
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
