import type { RemoteEntry } from '../../../../shared/domain'
import type { RecoveredOutcome } from '../../../../shared/recovered-send'
import { baseName, parentPath, type RemotePath } from '../../../../shared/remote-path'
import { toApiError } from '../../errors'
import type { SftpSession } from '../../sftp/sftp-session'
import type { SendUploadRow } from '../../store/send-uploads-table'
import {
  encryptedSourceOf,
  writtenByMailroom,
  type Recovery,
  type SendAgain,
  type SendRecoveryContext,
} from './recovery-context'
import { bytes, gatewayNote } from './recovery-words'

/**
 * How long before the gateway's quiet time runs out a message is still completed: its first
 * missing file must start well before the gateway takes the folder.
 */
export const COMPLETION_MARGIN_MS = 20_000

/** One file of the message as the server has it: whole, cut short, not there, or not ours. */
type FileState = 'whole' | 'partial' | 'missing' | 'foreign'

interface MessageFile {
  readonly row: SendUploadRow
  readonly found: RemoteEntry | undefined
  readonly state: FileState
}

/**
 * An AS2 message whose send stopped part way. The gateway sends a message folder a quiet time
 * (2 minutes) after its last upload, whole or not, so: found still there within that time, it is
 * completed (Mailroom's own partial file removed, the missing files sent, back to back); found
 * complete, it is left to go; taken by the gateway, or still there past its time, it is reported
 * as sent incomplete, and sending the whole message again is offered.
 */
export async function recoverMessage(
  context: SendRecoveryContext,
  session: SftpSession,
  folder: RemotePath,
  rows: readonly SendUploadRow[],
): Promise<Recovery> {
  const listing = await listIfThere(session, folder)
  const files: MessageFile[] = rows.map((row) => {
    const found = listing?.get(baseName(row.remotePath as RemotePath))
    return { row, found, state: stateOf(row, found, context.now()) }
  })
  const whole = files.filter((file) => file.state === 'whole').length
  const lastActivity = Math.max(
    ...rows.map((row) =>
      Math.max(row.queuedAt, row.startedAt ?? 0, row.writtenAt ?? 0, row.finishedAt ?? 0),
    ),
  )
  const quietMs = context.preset.multiFileMessage?.quietMs ?? 0
  const withinQuiet = context.now() - lastActivity < quietMs - COMPLETION_MARGIN_MS
  const nothingWritten = rows.every((row) => row.startedAt === undefined)
  const again: SendAgain = {
    kind: 'message',
    outbox: parentPath(folder),
    files: rows.map((row) => {
      const encrypted = encryptedSourceOf(row)
      return {
        localPath: encrypted?.sourcePath ?? row.localPath,
        name: baseName(row.remotePath as RemotePath),
        ...(encrypted ? { encrypted } : {}),
      }
    }),
  }
  const report = (outcome: RecoveredOutcome, summary: string, extra: Partial<Recovery> = {}) =>
    settle(context, folder, files, listing === undefined, outcome, summary, extra)
  const count = `${whole} of its ${rows.length} files`

  if (listing === undefined)
    return nothingWritten
      ? report(
          'not-sent',
          'Mailroom stopped before it made the message folder; nothing of it was sent.',
          { again },
        )
      : report(
          'message-incomplete',
          `Mailroom stopped while sending it, with ${count} whole, and the gateway has taken the message folder since.`,
          { again },
        )
  if (whole === rows.length)
    return report(
      'sent',
      'Mailroom stopped after its last file was written: the message is in the outbox, whole.',
    )
  if (files.some((file) => file.state === 'foreign'))
    return report(
      'message-incomplete',
      `Mailroom stopped while sending it, with ${count} whole; a file in its folder is not one Mailroom wrote, so the folder was left alone.`,
      { again },
    )
  if (withinQuiet && !context.reportOnly) {
    const partial = files.filter((file) => file.state === 'partial')
    for (const { row } of partial) await removeQuietly(session, row.remotePath as RemotePath)
    const missing = files.filter((file) => file.state !== 'whole').map((file) => file.row)
    return report(
      'message-completed',
      `Mailroom stopped while sending it, with ${count} whole; found within the gateway's quiet time, its ${missing.length} missing ${missing.length === 1 ? 'file is' : 'files are'} being sent into the same folder${partial.length ? ' (the one cut short removed first)' : ''}.`,
      { complete: { folder, files: missing } },
    )
  }
  if (withinQuiet)
    return report(
      'message-incomplete',
      `Mailroom stopped while sending it, with ${count} whole; the next send or pickup of this profile within the gateway's quiet time completes it.`,
      { again },
    )
  if (whole === 0 && files.every((file) => file.state === 'missing')) {
    // An empty folder is never sent: removed, the message counts as not sent.
    if (!context.reportOnly) await session.rmdir(folder).catch(() => undefined)
    return report(
      'not-sent',
      'Mailroom stopped before any of its files was written; its empty folder was removed.',
      { again },
    )
  }
  return report(
    'message-incomplete',
    `Mailroom stopped while sending it, with ${count} whole, and the gateway's quiet time has passed.`,
    { again },
  )
}

function stateOf(row: SendUploadRow, found: RemoteEntry | undefined, now: number): FileState {
  if (!found) return 'missing'
  if (row.status === 'sent' || row.status === 'taken')
    return found.size === row.size ? 'whole' : 'foreign'
  if (row.status !== 'started' || !writtenByMailroom(found, row, now)) return 'foreign'
  return found.size === row.size ? 'whole' : 'partial'
}

async function listIfThere(
  session: SftpSession,
  folder: RemotePath,
): Promise<Map<string, RemoteEntry> | undefined> {
  try {
    const entries = await session.list(folder)
    return new Map(entries.map((entry) => [entry.name, entry]))
  } catch (error) {
    if (toApiError(error).kind === 'not-found') return undefined
    throw error
  }
}

async function removeQuietly(session: SftpSession, path: RemotePath): Promise<void> {
  await session.remove(path).catch((error: unknown) => {
    if (toApiError(error).kind !== 'not-found') throw error
  })
}

/** The message's report, its files' journal records closed (unless only reporting). */
async function settle(
  context: SendRecoveryContext,
  folder: RemotePath,
  files: readonly MessageFile[],
  gone: boolean,
  outcome: RecoveredOutcome,
  summary: string,
  extra: Partial<Recovery>,
): Promise<Recovery> {
  const rows = files.map((file) => file.row)
  if (!context.reportOnly)
    await Promise.all(
      rows
        .filter(
          (row) => row.status === 'queued' || row.status === 'started' || row.status === 'written',
        )
        .map((row) =>
          context.journal
            .append({
              step: 'recovered',
              id: row.id,
              outcome: `${outcome}: ${summary}`,
              at: context.now(),
            })
            // A file completed or sent again gets a new copy, made from the original.
            .then(() => (row.pgp ? context.dropCopy?.(row.id) : undefined)),
        ),
    )
  const onServer = files.reduce<number | null>(
    (sum, file) => (file.found && file.state !== 'foreign' ? (sum ?? 0) + file.found.size : sum),
    null,
  )
  const first = rows[0]
  const outbox = parentPath(folder)
  const whole = files.filter((file) => file.state === 'whole').length
  return {
    report: {
      id: first?.id ?? folder,
      profileId: context.profileId,
      kind: 'message',
      name: baseName(folder),
      mailbox: outbox,
      remotePath: folder,
      localPaths: rows.map((row) => row.sourcePath ?? row.localPath),
      startedAt: Math.min(...rows.map((row) => row.startedAt ?? row.queuedAt)),
      sizeSent: rows.reduce((sum, row) => sum + row.size, 0),
      sizeOnServer: gone ? null : onServer,
      outcome,
      summary: `${summary} Files: ${files.map(describe).join('; ')}.`,
      gateway: gatewayNote(context.preset, outcome, baseName(folder), outbox, {
        arrived: whole,
        total: rows.length,
        gone,
      }),
      files: files.map((file) => ({
        name: baseName(file.row.remotePath as RemotePath),
        sizeSent: file.row.size,
        sizeOnServer: file.found?.size ?? null,
      })),
      reportOnly: context.reportOnly,
      ...(extra.again?.kind === 'message' ? { sendAgainAs: `a new message in ${outbox}` } : {}),
    },
    ...extra,
  }
}

function describe(file: MessageFile): string {
  const name = baseName(file.row.remotePath as RemotePath)
  switch (file.state) {
    case 'whole':
      return `${name} whole`
    case 'partial':
      return `${name} ${bytes(file.found?.size ?? 0)} of ${bytes(file.row.size)}`
    case 'missing':
      return `${name} not there`
    case 'foreign':
      return `${name} not as Mailroom wrote it`
  }
}
