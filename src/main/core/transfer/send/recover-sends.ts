import type { RecoveredOutcome } from '../../../../shared/recovered-send'
import { baseName, childPath, parentPath, type RemotePath } from '../../../../shared/remote-path'
import { toApiError } from '../../errors'
import type { RemoteStat, SftpSession } from '../../sftp/sftp-session'
import type { SendUploadRow } from '../../store/send-uploads-table'
import { withSuffix } from '../sent-log'
import { recoverMessage } from './recover-message'
import {
  encryptedSourceOf,
  writtenByMailroom,
  type Recovery,
  type SendAgain,
  type SendRecoveryContext,
} from './recovery-context'
import { bytes, gatewayNote } from './recovery-words'
import { statIfThere } from './upload-attempt'

type UnfinishedStatus = 'queued' | 'started' | 'written'

/**
 * After an interruption, one case per journal record an upload can be left at. Nothing is
 * removed from the server unless its name, size and time match what the journal says Mailroom
 * wrote there; a `direct` upload's partial copy is never removed here (the person is told, and
 * offered to send it again, which removes it).
 */
const RECOVERY: Record<
  UnfinishedStatus,
  (context: SendRecoveryContext, session: SftpSession, row: SendUploadRow) => Promise<Recovery>
> = {
  // Waiting its turn when the send stopped: nothing of it was written.
  queued: async (context, _session, row) =>
    settle(context, row, 'not-sent', null, 'Mailroom stopped before it started sending it.', {
      again: againAs(context, row, false),
    }),
  started: async (context, session, row) =>
    row.strategy === 'direct'
      ? startedDirect(context, session, row)
      : startedTemporary(context, session, row),
  // Whole under its temporary name, the rename about to be sent (or sent, unanswered).
  written: async (context, session, row) => {
    const temporary = row.temporaryPath as RemotePath
    const found = await statIfThere(session, temporary)
    if (found) return removeTemporary(context, session, row, found, 'whole, before its rename')
    const final = await statIfThere(session, row.remotePath as RemotePath)
    if (final?.size === row.size)
      return settle(
        context,
        row,
        'sent',
        final.size,
        'The rename into place went through before Mailroom stopped.',
      )
    if (!final && context.preset.takesSentFiles)
      return settle(
        context,
        row,
        'taken',
        null,
        'Its rename into place went through before Mailroom stopped.',
      )
    return settle(
      context,
      row,
      'not-sent',
      final?.size ?? null,
      'Mailroom stopped before its rename into place, and its temporary file is no longer there.',
      { again: againAs(context, row, false) },
    )
  },
}

/** Finishes or reports every upload and message of the profile an earlier send left half done. */
export async function recoverSends(
  context: SendRecoveryContext,
  session: SftpSession,
): Promise<Recovery[]> {
  const recoveries: Recovery[] = []
  const messages = new Set<string>()
  for (const row of context.journal.unfinished(context.profileId)) {
    const folder = row.messageFolder
    if (folder === undefined) {
      recoveries.push(await RECOVERY[row.status as UnfinishedStatus](context, session, row))
      continue
    }
    if (messages.has(folder)) continue
    messages.add(folder)
    const rows = context.journal.ofMessage(context.profileId, folder)
    // A message this process is still sending is its own to finish.
    if (rows.some((file) => context.journal.isWorking(file.id))) continue
    recoveries.push(await recoverMessage(context, session, folder as RemotePath, rows))
  }
  return recoveries
}

/** A `temp-rename` upload stopped while its temporary file was written. */
async function startedTemporary(
  context: SendRecoveryContext,
  session: SftpSession,
  row: SendUploadRow,
): Promise<Recovery> {
  const temporary = row.temporaryPath as RemotePath
  const found = await statIfThere(session, temporary)
  if (!found)
    return settle(
      context,
      row,
      'not-sent',
      null,
      'Mailroom stopped as it started writing it; nothing of it is on the server.',
      { again: againAs(context, row, false) },
    )
  return removeTemporary(context, session, row, found, 'while it was written')
}

/** A `direct` upload stopped while it was written straight to its final name. */
async function startedDirect(
  context: SendRecoveryContext,
  session: SftpSession,
  row: SendUploadRow,
): Promise<Recovery> {
  const path = row.remotePath as RemotePath
  const found = await statIfThere(session, path)
  const stopped = 'Mailroom stopped while sending it straight to its final name'
  if (!found) {
    const taken = context.preset.takesSentFiles
    return settle(
      context,
      row,
      taken ? 'partial-taken' : 'not-sent',
      null,
      `${stopped}, and it is no longer there.`,
      { again: againAs(context, row, taken) },
    )
  }
  if (!writtenByMailroom(found, row, context.now()))
    return settle(
      context,
      row,
      'left-alone',
      found.size,
      `${stopped}; the file now under that name (${bytes(found.size)}) is not the one Mailroom wrote.`,
      { again: againAs(context, row, false) },
    )
  if (found.size === row.size)
    return settle(
      context,
      row,
      'sent',
      found.size,
      `${stopped}, after every byte of it was written: it is there, whole.`,
    )
  return settle(
    context,
    row,
    'partial',
    found.size,
    `${stopped}: ${bytes(found.size)} of ${bytes(row.size)} are there under its name.`,
    { again: againAs(context, row, true, { path, found }) },
  )
}

/** Removes a temporary file the journal says Mailroom wrote; another one is left alone. */
async function removeTemporary(
  context: SendRecoveryContext,
  session: SftpSession,
  row: SendUploadRow,
  found: RemoteStat,
  when: string,
): Promise<Recovery> {
  const temporary = row.temporaryPath as RemotePath
  const again = { again: againAs(context, row, false) }
  if (!writtenByMailroom(found, row, context.now()))
    return settle(
      context,
      row,
      'left-alone',
      found.size,
      `A file under its temporary name ${temporary} (${bytes(found.size)}) is not the one Mailroom wrote, so it was left alone; the file was not sent.`,
      again,
    )
  const written = `Mailroom stopped ${when} under the temporary name ${temporary} (${bytes(found.size)} of ${bytes(row.size)})`
  if (context.reportOnly)
    return settle(
      context,
      row,
      'not-sent',
      found.size,
      `${written}; that file is removed at the next send or pickup of this profile.`,
      again,
    )
  try {
    await session.remove(temporary)
  } catch (error) {
    if (toApiError(error).kind !== 'not-found')
      return settle(
        context,
        row,
        'not-sent',
        found.size,
        `${written}; that file could not be removed (${toApiError(error).message}): delete it on the server.`,
        again,
      )
  }
  return settle(
    context,
    row,
    'not-sent',
    found.size,
    `${written}; that file was removed. It was not sent.`,
    again,
  )
}

/**
 * Sending it again: under its own name, or, where the gateway may have seen that name and has a
 * duplicate rule (MFT Gateway: 6 hours), under a suffixed one (sent-log.ts's withSuffix).
 */
function againAs(
  context: SendRecoveryContext,
  row: SendUploadRow,
  gatewaySawName: boolean,
  removeFirst?: { readonly path: RemotePath; readonly found: RemoteStat },
): SendAgain {
  const mailbox = parentPath(row.remotePath as RemotePath)
  const name = baseName(row.remotePath as RemotePath)
  const suffixed =
    gatewaySawName && context.preset.duplicateWindowMs !== undefined
      ? withSuffix(name, context.now(), new Set([...context.recentNames(mailbox), name]))
      : name
  const encrypted = encryptedSourceOf(row)
  return {
    kind: 'file',
    localPath: encrypted?.sourcePath ?? row.localPath,
    remotePath: childPath(mailbox, suffixed),
    ...(removeFirst ? { removeFirst } : {}),
    ...(encrypted ? { encrypted } : {}),
  }
}

/** The report of one file, its journal record closed (unless only reporting). */
async function settle(
  context: SendRecoveryContext,
  row: SendUploadRow,
  outcome: RecoveredOutcome,
  sizeOnServer: number | null,
  summary: string,
  options: { readonly again?: SendAgain } = {},
): Promise<Recovery> {
  const path = row.remotePath as RemotePath
  const name = baseName(path)
  const mailbox = parentPath(path)
  if (!context.reportOnly) {
    await context.journal.append({
      step: 'recovered',
      id: row.id,
      outcome: `${outcome}: ${summary}`,
      at: context.now(),
    })
    if (outcome === 'partial' || outcome === 'partial-taken')
      context.nameMaySeemSent?.(mailbox, name, row.startedAt ?? row.queuedAt)
    // Sending it again makes a new copy from the original.
    if (row.pgp) await context.dropCopy?.(row.id)
  }
  const again = options.again
  return {
    report: {
      id: row.id,
      profileId: context.profileId,
      kind: 'file',
      name,
      mailbox,
      remotePath: path,
      localPaths: [row.sourcePath ?? row.localPath],
      startedAt: row.startedAt ?? row.queuedAt,
      sizeSent: row.size,
      sizeOnServer,
      outcome,
      summary,
      gateway: gatewayNote(context.preset, outcome, name, mailbox),
      reportOnly: context.reportOnly,
      ...(again?.kind === 'file' ? { sendAgainAs: baseName(again.remotePath) } : {}),
    },
    ...(again ? { again } : {}),
  }
}
