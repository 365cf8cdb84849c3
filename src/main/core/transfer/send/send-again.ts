import type { Profile } from '../../../../shared/domain'
import { PRESETS } from '../../../../shared/presets'
import { baseName, parentPath } from '../../../../shared/remote-path'
import { checkMessageLimits, createMessageFolder, messageLimitsOf } from '../../mailbox/as2-message'
import type { JobControl } from '../transfer-queue'
import { resolveUploadStrategy } from '../upload-strategy'
import { planFilesAgain } from './encrypted-copies'
import { checkLocalFiles } from './local-files'
import type { SendAgain } from './recovery-context'
import { planUploads } from './send-files'
import { sendOne, type PlannedUpload } from './send-one'
import { onSentFor, sendContextFor, type MailboxSendDeps } from './send-to-mailbox'
import { statIfThere } from './upload-attempt'

/**
 * The job behind a recovered send's Retry ("send it again"): a file under the name recovery
 * chose (its own, or suffixed where the gateway's duplicate rule would catch it), after removing
 * Mailroom's own partial copy if it is still exactly as recovery found it; or an AS2 message whole,
 * as a new message. Journaled and under the profile's send lock like any send.
 */
export function sendAgainJob(
  deps: MailboxSendDeps,
  profile: Profile,
  again: SendAgain,
): (control: JobControl) => Promise<void> {
  return async (control) => {
    const run = deps.runs.hold(profile.id, deps.by)
    try {
      if (again.kind === 'file') await sendFileAgain(deps, profile, again, control)
      else await sendMessageAgain(deps, profile, again, control)
    } finally {
      run.end()
    }
  }
}

async function sendFileAgain(
  deps: MailboxSendDeps,
  profile: Profile,
  again: Extract<SendAgain, { kind: 'file' }>,
  control: JobControl,
): Promise<void> {
  const mailbox = parentPath(again.remotePath)
  const files = await planFilesAgain(deps.encryption, [
    {
      localPath: again.localPath,
      name: baseName(again.remotePath),
      ...(again.encrypted ? { encrypted: again.encrypted } : {}),
    },
  ])
  if (again.removeFirst) {
    const session = await deps.sessions.current(profile.id)
    const { path, found } = again.removeFirst
    const now = await statIfThere(session, path)
    // Only Mailroom's own partial copy, as recovery found it: anything else there stays.
    if (now && now.size === found.size && now.modifiedAt === found.modifiedAt)
      await session.remove(path)
  }
  const planned = await planUploads(
    deps.journal,
    profile.id,
    mailbox,
    files,
    resolveUploadStrategy(profile),
  )
  await sendPlanned(deps, profile, planned, mailbox, control)
}

async function sendMessageAgain(
  deps: MailboxSendDeps,
  profile: Profile,
  again: Extract<SendAgain, { kind: 'message' }>,
  control: JobControl,
): Promise<void> {
  const preset = PRESETS[profile.preset]
  // Encrypted files are checked against the limits by their originals' sizes here: the copies are
  // made as each upload starts (a copy is a few hundred bytes larger than its original).
  let files = await planFilesAgain(deps.encryption, again.files)
  checkMessageLimits(files, messageLimitsOf(preset), preset.label)
  const session = await deps.sessions.current(profile.id)
  let planned: PlannedUpload[] = []
  const abandonPlanned = () => deps.journal.batchEnded(planned.map((upload) => upload.id))
  await createMessageFolder(session, again.outbox, new Date(), async (candidate) => {
    await abandonPlanned()
    // New records under the next name: new upload ids (and copy paths) for them.
    if (planned.length > 0) files = await planFilesAgain(deps.encryption, again.files)
    planned = await planUploads(deps.journal, profile.id, candidate, files, 'direct', candidate)
  }).catch(async (error: unknown) => {
    await abandonPlanned()
    throw error
  })
  await sendPlanned(deps, profile, planned, again.outbox, control)
}

/** Sends planned uploads one after another in this one job, its progress over all of them. */
async function sendPlanned(
  deps: MailboxSendDeps,
  profile: Profile,
  planned: readonly PlannedUpload[],
  mailbox: ReturnType<typeof parentPath>,
  control: JobControl,
): Promise<void> {
  const context = sendContextFor(deps, profile)
  const onSent = onSentFor(deps, profile, mailbox)
  const sizes = (
    await checkLocalFiles(planned.map((upload) => upload.encrypted?.sourcePath ?? upload.localPath))
  ).map((file) => file.size)
  const total = sizes.reduce((sum, size) => sum + size, 0)
  let before = 0
  try {
    for (const [index, upload] of planned.entries()) {
      await sendOne(context, upload, {
        ...control,
        progress: (done) => control.progress(before + done, total),
      })
      onSent(upload.remotePath, control.id, upload.id)
      before += sizes[index] ?? 0
    }
  } finally {
    await deps.journal.batchEnded(planned.map((upload) => upload.id))
  }
}
