import { z } from 'zod'
import { profileId, transferId } from './domain'
import { remotePath } from './remote-path'

/**
 * What the next connection to a profile found of a send that Mailroom did not finish (the app or
 * the command killed, crashed, or the machine stopped), once it had dealt with it:
 * - `sent`: it had arrived whole after all (the rename went through, or every byte was written);
 * - `taken`: it was renamed into place and the gateway has since taken it;
 * - `not-sent`: nothing of it reached the send folder (its temporary file, if any, removed);
 * - `partial`: a `direct` upload's partial copy is in the send folder under its final name;
 * - `partial-taken`: a `direct` upload is gone from the send folder: the gateway may have taken
 *   a partial copy;
 * - `left-alone`: a file where Mailroom wrote that does not match what it wrote (its size or time
 *   differ): someone else's, so not touched;
 * - `message-completed`: an AS2 message found within its quiet time, completed with its missing
 *   files;
 * - `message-incomplete`: an AS2 message the gateway has sent, or may send, without all its files.
 */
export const recoveredOutcome = z.enum([
  'sent',
  'taken',
  'not-sent',
  'partial',
  'partial-taken',
  'left-alone',
  'message-completed',
  'message-incomplete',
])
export type RecoveredOutcome = z.infer<typeof recoveredOutcome>

/** One file of a recovered AS2 message: what was sent and what the server had of it. */
export const recoveredMessageFile = z.object({
  name: z.string(),
  sizeSent: z.number(),
  sizeOnServer: z.number().nullable(),
})

export const recoveredSend = z.object({
  /** The send journal's id of the upload, or of the message's first file. */
  id: z.string(),
  profileId,
  kind: z.enum(['file', 'message']),
  /** The file's name on the server, or the message folder's. */
  name: z.string(),
  /** The send mailbox (an AS2 message's outbox). */
  mailbox: remotePath,
  /** Where it was going: the file's final path, or the message folder. */
  remotePath,
  localPaths: z.array(z.string()),
  /** When Mailroom started sending it (the first file, for a message). */
  startedAt: z.number(),
  /** The bytes Mailroom was sending (all files, for a message). */
  sizeSent: z.number(),
  /** What the server holds of it (its temporary or its final file), null where nothing. */
  sizeOnServer: z.number().nullable(),
  outcome: recoveredOutcome,
  /** What Mailroom found and did, for the person. */
  summary: z.string(),
  /** What the gateway may have done with it, in terms of its own rules. */
  gateway: z.string(),
  files: z.array(recoveredMessageFile).optional(),
  /** Only found, nothing changed on the server (`mailroom check`): the next send or pickup acts. */
  reportOnly: z.boolean(),
  /** Sending it again is offered: under this name (with a suffix against duplicate rules). */
  sendAgainAs: z.string().optional(),
  /** Its row in Transfers, whose Retry sends it again where that is offered. */
  transferId: transferId.optional(),
})
export type RecoveredSend = z.infer<typeof recoveredSend>

/** Whether the person has something to do or know: anything but a send that arrived whole. */
export function needsAttention(outcome: RecoveredOutcome): boolean {
  return outcome !== 'sent' && outcome !== 'taken' && outcome !== 'message-completed'
}
