import { PRESETS } from '../../shared/presets'
import { required } from '../arguments'
import type { Command } from '../command'
import { connect } from '../connect'
import { EXIT } from '../exit-codes'
import { findProfile } from '../find-profile'
import { formatAge, formatBytes } from '../output'
import { receiveMailboxes } from '../receive-mailboxes'
import { recoveredFacts, recoverSends } from '../recovered-sends'

/**
 * `mailroom check`: what waits in each receive mailbox (count, oldest, bytes), fetching nothing;
 * and what an interrupted send of the profile left on the server, changing nothing (the next
 * `send` or `pickup` deals with it).
 */
export const checkMailboxes: Command = async (mailroom, { options }, output) => {
  const profile = await findProfile(mailroom, required(options, 'profile'))
  await connect(mailroom, profile)
  const recovered = await recoverSends(mailroom, profile, output, true)
  const now = Date.now()
  // When a waiting file is close to the gateway deleting it (its preset's retention).
  const nearExpiry = PRESETS[profile.preset].retention?.warnAfterMs
  const mailboxes = []
  let unreadable = 0
  for (const { mailbox, partner } of await receiveMailboxes(mailroom, profile)) {
    const label = mailbox.path || '(login folder)'
    try {
      const files = await mailroom.call('mailboxes:list-files', {
        profileId: profile.id,
        path: mailbox.path,
        receive: true,
      })
      const oldest = files.reduce<number | null>(
        (min, file) => (min === null || file.modifiedAt < min ? file.modifiedAt : min),
        null,
      )
      const bytes = files.reduce((sum, file) => sum + file.size, 0)
      const expiring =
        nearExpiry === undefined ? [] : files.filter((file) => now - file.modifiedAt >= nearExpiry)
      mailboxes.push({
        mailbox: mailbox.path,
        partner,
        count: files.length,
        bytes,
        oldestModifiedAt: oldest,
        nearExpiry: expiring.map((file) => file.path),
      })
      output.line(
        `${label}: ${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(bytes)}` +
          (oldest === null ? '' : `, oldest ${formatAge(now - oldest)} old`) +
          (expiring.length ? `, ${expiring.length} close to the gateway deleting them` : ''),
      )
    } catch (error) {
      unreadable += 1
      const message = error instanceof Error ? error.message : String(error)
      output.error(`${label}: ${message}`)
      mailboxes.push({ mailbox: mailbox.path, partner, error: message })
    }
  }
  return {
    exitCode: unreadable > 0 || recovered.needAttention ? EXIT.someFailed : EXIT.ok,
    result: {
      profile: profile.name,
      mailboxes,
      recovered: recovered.sends.map(recoveredFacts),
    },
  }
}
