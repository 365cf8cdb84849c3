import type { Preset } from '../../../../shared/presets'
import type { RecoveredOutcome } from '../../../../shared/recovered-send'

/** "1,024 bytes": sizes in the reports, exact, as the person compares them with the file. */
export function bytes(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'byte' : 'bytes'}`
}

/** "2 minutes", "6 hours": a gateway's windows as its guide states them. */
function span(ms: number): string {
  const hours = ms / 3_600_000
  if (hours >= 1 && Number.isInteger(hours)) return `${hours} hour${hours === 1 ? '' : 's'}`
  const minutes = Math.round(ms / 60_000)
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}

/**
 * What the gateway may have done with a file (or message) a killed send left, from its preset's
 * facts: whether it takes what lands in a send folder, its duplicate window, its message rules.
 */
export function gatewayNote(
  preset: Preset,
  outcome: RecoveredOutcome,
  name: string,
  mailbox: string,
  messageFiles?: { readonly arrived: number; readonly total: number; readonly gone: boolean },
): string {
  const { label, takesSentFiles, duplicateWindowMs, multiFileMessage } = preset
  const duplicates =
    duplicateWindowMs === undefined
      ? ''
      : ` A file of the same name sent within ${span(duplicateWindowMs)} is set aside as a duplicate, so it is offered under another name.`
  switch (outcome) {
    case 'sent':
      return takesSentFiles
        ? `${label} takes it from ${mailbox} as usual.`
        : `It is in ${mailbox}, whole.`
    case 'taken':
      return `${label} has taken it from ${mailbox}, as it does every file sent there.`
    case 'not-sent':
      return takesSentFiles
        ? `Nothing of it reached ${mailbox}, so ${label} has nothing of it to send.`
        : `Nothing of it is in ${mailbox}.`
    case 'partial':
      return takesSentFiles
        ? `${label} takes what lands in ${mailbox} and may take this incomplete copy as it is: if your partner receives an incomplete ${name}, ask them to disregard it.${duplicates}`
        : `The incomplete copy stays in ${mailbox} until it is removed.`
    case 'partial-taken':
      return `It is no longer in ${mailbox}: either nothing of it had been written, or ${label} has taken an incomplete copy and sent it on. If your partner receives an incomplete ${name}, ask them to disregard it.${duplicates}`
    case 'left-alone':
      return `Mailroom did not write the file it found there (its size or time differ from what Mailroom wrote), so it left it alone.`
    case 'message-completed':
      return `${label} sends a message folder ${span(multiFileMessage?.quietMs ?? 0)} after its last upload: it now has all its files.`
    case 'message-incomplete': {
      const quiet = span(multiFileMessage?.quietMs ?? 0)
      const counted = messageFiles
        ? ` with ${messageFiles.arrived} of its ${messageFiles.total} files whole`
        : ''
      return messageFiles?.gone
        ? `${label} has taken the message folder ${quiet} after its last upload and sent it (or set it aside in failed/)${counted}: ask your partner to disregard it, and send the message again.`
        : `${label} sends a message folder ${quiet} after its last upload, whole or not: it may send this one${counted} at any moment. Ask your partner to disregard it, and send the message again.`
    }
  }
}
