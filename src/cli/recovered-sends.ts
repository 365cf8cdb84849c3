import type { Profile } from '../shared/domain'
import { needsAttention, type RecoveredSend } from '../shared/recovered-send'
import type { CliMailroom } from './cli-mailroom'
import type { Output } from './output'

/** What the run found of the profile's interrupted sends, for its --json document and exit code. */
export interface RecoveredSends {
  readonly sends: readonly RecoveredSend[]
  /** Something the person must know or do: the run exits 1. */
  readonly needAttention: boolean
  /** Another Mailroom is sending for the profile now: nothing was looked at. */
  readonly skipped?: string
}

/**
 * Deals with what an interrupted send of the profile left (`send` and `pickup`, before anything
 * else), or only says what it finds (`check`), and prints one line per thing found: on stderr
 * when the person must act, so a scheduler's log shows it, with how to send it again.
 */
export async function recoverSends(
  mailroom: CliMailroom,
  profile: Profile,
  output: Output,
  reportOnly = false,
): Promise<RecoveredSends> {
  const found = await mailroom.call('transfer:recover-sends', {
    profileId: profile.id,
    ...(reportOnly ? { reportOnly: true } : {}),
  })
  if (found.skipped) output.line(`Interrupted sends not looked at: ${found.skipped}`)
  for (const send of found.sends) {
    const line = describe(profile, send)
    if (needsAttention(send.outcome)) output.error(line)
    else output.line(line)
  }
  return {
    sends: found.sends,
    needAttention: found.sends.some((send) => needsAttention(send.outcome)),
    ...(found.skipped ? { skipped: found.skipped } : {}),
  }
}

/** The facts of a recovered send, as the --json document lists them. */
export function recoveredFacts(send: RecoveredSend) {
  return {
    kind: send.kind,
    name: send.name,
    mailbox: send.mailbox,
    remotePath: send.remotePath,
    localPaths: send.localPaths,
    startedAt: new Date(send.startedAt).toISOString(),
    sizeSent: send.sizeSent,
    sizeOnServer: send.sizeOnServer,
    outcome: send.outcome,
    summary: send.summary,
    gateway: send.gateway,
    ...(send.files ? { files: send.files } : {}),
    reportOnly: send.reportOnly,
    ...(send.sendAgainAs ? { sendAgainAs: send.sendAgainAs } : {}),
  }
}

function describe(profile: Profile, send: RecoveredSend): string {
  const what = send.kind === 'message' ? `the message ${send.name}` : send.name
  const head = `Interrupted send of ${what} to ${send.mailbox} (started ${new Date(send.startedAt).toLocaleString()}; ${send.sizeOnServer ?? 0} of ${send.sizeSent} bytes on the server): ${send.summary} ${send.gateway}`
  if (!needsAttention(send.outcome) || send.reportOnly || !send.sendAgainAs) return head
  const files = send.localPaths.map((path) => JSON.stringify(path)).join(' ')
  const again =
    send.kind === 'message'
      ? `mailroom send --profile ${JSON.stringify(profile.name)} --to ${send.mailbox} --as-message ${files}`
      : `mailroom send --profile ${JSON.stringify(profile.name)} --to ${send.mailbox}${send.sendAgainAs === send.name ? '' : ' --rename-duplicates'} ${files}`
  // The incomplete copy holds the name: the app's Send again removes it first; the command
  // never removes a file on the server by itself.
  const first =
    send.outcome === 'partial' && send.sendAgainAs === send.name
      ? ` remove the incomplete ${send.remotePath} on the server first (the app's Send again does both), then`
      : ''
  return `${head} To send it again:${first} ${again}`
}
