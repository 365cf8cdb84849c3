import { basename, resolve } from 'node:path'
import type { Transfer } from '../../shared/domain'
import { required } from '../arguments'
import type { Command } from '../command'
import { connect } from '../connect'
import { CliFailure, EXIT } from '../exit-codes'
import { sendSettingFor } from '../../shared/pgp'
import { PRESETS } from '../../shared/presets'
import { findProfile } from '../find-profile'
import { formatAge } from '../output'
import { recoveredFacts, recoverSends } from '../recovered-sends'
import { TransferProgress } from '../transfer-progress'

/**
 * `mailroom send`: what dropping files onto a send mailbox does (transfer:send), with the
 * gateway's upload strategy, AS2 Gateway's message limits and the size check all in core. Where
 * the gateway has a duplicate rule (MFT Gateway: 6 hours), as the app does, names sent to the
 * mailbox within its window are refused
 * (the gateway would set them aside as duplicates) unless --rename-duplicates sends them under
 * the suggested new name; the other files are sent, and the run exits 1. What an interrupted
 * send of the profile left is dealt with first, and the run exits 1 when the person must know.
 */
export const sendFiles: Command = async (mailroom, { options, rest }, output) => {
  const profile = await findProfile(mailroom, required(options, 'profile'))
  const mailbox = required(options, 'to').replace(/^\/+|\/+$/g, '')
  if (rest.length === 0) throw CliFailure.usage('Name the files to send: mailroom send ... FILE...')
  const localPaths = rest.map((path) => resolve(path))
  const asMessage = options['as-message'] === true

  await connect(mailroom, profile)
  // Before anything else is sent: what an interrupted send of this profile left on the server.
  const recovered = await recoverSends(mailroom, profile, output)
  const layout = await mailroom.call('mailboxes:discover', { profileId: profile.id })
  const sendMailboxes = layout.groups.flatMap((group) =>
    group.mailboxes.filter((candidate) => candidate.role === 'send').map((box) => box.path),
  )
  // A Generic profile without send folders may send anywhere (the app lets it browse all).
  if (sendMailboxes.length > 0 && !sendMailboxes.some((path) => path === mailbox))
    throw CliFailure.usage(
      `"${mailbox}" is not a send mailbox of "${profile.name}". Its send mailboxes: ${sendMailboxes.join(', ')}.`,
    )

  const names = localPaths.map((path) => basename(path))
  // Empty unless the gateway has a duplicate rule (core reads it from the preset).
  const duplicates = await mailroom.call('transfer:check-duplicates', {
    profileId: profile.id,
    remoteFolder: mailbox,
    names,
  })
  const duplicateOf = new Map(duplicates.map((duplicate) => [duplicate.name, duplicate]))
  const refused =
    options['rename-duplicates'] === true ? [] : names.filter((name) => duplicateOf.has(name))
  const { label, duplicateWindowMs = 0 } = PRESETS[profile.preset]
  for (const name of refused) {
    const duplicate = duplicateOf.get(name)
    output.error(
      `${name} was sent to ${mailbox} at ${new Date(duplicate?.sentAt ?? 0).toLocaleString()}: ${label} treats the same name within ${formatAge(duplicateWindowMs)} as a duplicate, so it was not sent. Send it as ${duplicate?.suggestion ?? 'another name'} with --rename-duplicates.`,
    )
  }
  const chosen = localPaths
    .map((path, index) => ({ path, name: names[index] ?? basename(path) }))
    .filter(({ name }) => !refused.includes(name))
  // A message is sent whole or not at all.
  if (asMessage && refused.length > 0) chosen.length = 0

  let transfers: Transfer[] = []
  if (chosen.length > 0) {
    const progress = new TransferProgress(output)
    const stop = mailroom.subscribe((event) => progress.onEvent(event))
    try {
      const remoteNames = chosen.map(({ name }) => duplicateOf.get(name)?.suggestion ?? name)
      const ids = await mailroom.call('transfer:send', {
        profileId: profile.id,
        remoteFolder: mailbox,
        localPaths: chosen.map(({ path }) => path),
        ...(remoteNames.some((name, index) => name !== chosen[index]?.name) ? { remoteNames } : {}),
        ...(asMessage ? { asMessage: true } : {}),
      })
      progress.add(ids)
      transfers = [...(await progress.finished())]
    } catch (error) {
      // Refused before anything was sent (a size or message limit, a missing file): the app's words.
      if (error instanceof CliFailure && error.exitCode === EXIT.someFailed)
        throw new CliFailure(EXIT.usage, error.message, error.kind, error.detail)
      throw error
    } finally {
      stop()
    }
  }
  const encryption = sendSettingFor(profile.pgpSend, mailbox)
  const failed = transfers.filter((transfer) => transfer.state !== 'done')
  const sent = transfers.length - failed.length
  output.line(
    `Sent ${sent} file${sent === 1 ? '' : 's'} to ${mailbox}${failed.length + refused.length ? `, ${failed.length + refused.length} not sent` : ''}.`,
  )
  return {
    exitCode:
      failed.length > 0 || refused.length > 0 || recovered.needAttention
        ? EXIT.someFailed
        : EXIT.ok,
    result: {
      profile: profile.name,
      mailbox,
      recovered: recovered.sends.map(recoveredFacts),
      files: [
        ...transfers.map((transfer) => ({
          name: transfer.name,
          localPath: transfer.localPath,
          remotePath: transfer.remotePath,
          bytes: transfer.totalBytes,
          state: transfer.state,
          ...(transfer.error ? { error: transfer.error } : {}),
          ...(encryption
            ? {
                pgp: {
                  encrypted: transfer.state === 'done',
                  recipients: encryption.encryptTo,
                  signed: encryption.sign,
                  armored: encryption.armored,
                  sentName: basename(transfer.remotePath),
                },
              }
            : {}),
        })),
        ...refused.map((name) => ({
          name,
          state: 'refused',
          error: {
            kind: 'already-exists',
            message: `Sent within MFT Gateway's 6-hour window; --rename-duplicates sends it as ${duplicateOf.get(name)?.suggestion ?? 'another name'}.`,
          },
        })),
      ],
      sent,
      failed: failed.length + refused.length,
    },
  }
}
