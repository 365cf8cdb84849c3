import { resolve } from 'node:path'
import type { PickupHistoryEntry, Transfer, TransferId } from '../../shared/domain'
import { describeDecrypted, describeVerdict } from '../../shared/pgp'
import { ProfileLocks } from '../../main/core/locks/profile-locks'
import { required } from '../arguments'
import type { Command } from '../command'
import { connect } from '../connect'
import { CliFailure, EXIT } from '../exit-codes'
import { findProfile } from '../find-profile'
import { receiveMailboxes } from '../receive-mailboxes'
import { recoveredFacts, recoverSends } from '../recovered-sends'
import { TransferProgress } from '../transfer-progress'

interface MailboxOutcome {
  readonly mailbox: string
  readonly partner: string
  readonly folder: string
  readonly tooYoung: number
  readonly alreadyPickedUp: number
  readonly recovered: number
  readonly error?: { readonly kind: string; readonly message: string }
  transferIds: TransferId[]
}

/**
 * `mailroom pickup`: "Pick up all" on each receive mailbox of the profile (or those named),
 * with the app's own pickup (transfer:pickup): an interrupted earlier run recovered first, only
 * files old enough, exactly what was listed, download, verify, journal, then delete. Holds the
 * profile's pickup lock throughout, so the app and another command never pick it up meanwhile.
 */
export const pickUp: Command = async (mailroom, { options }, output) => {
  const profile = await findProfile(mailroom, required(options, 'profile'))
  const held = mailroom.beginPickupRun(profile.id)
  if (!held) {
    const locks = ProfileLocks.forDataDir(mailroom.dataDir, 'pickup')
    const owner = locks.owner(profile.id)
    throw new CliFailure(
      EXIT.pickupRunning,
      `Another pickup of "${profile.name}" is running${owner ? ` (${owner.by}, process ${owner.pid})` : ''}. Nothing was picked up; the next run will.`,
      'pickup-running',
    )
  }
  const progress = new TransferProgress(output)
  const stop = mailroom.subscribe((event) => progress.onEvent(event))
  try {
    await connect(mailroom, profile)
    const startedAt = Date.now()
    // The next connection after a killed send deals with what it left, whichever command it is.
    const recovered = await recoverSends(mailroom, profile, output)
    const mailboxes = await receiveMailboxes(mailroom, profile, options.mailbox)
    const outcomes: MailboxOutcome[] = []
    for (const { mailbox, partner } of mailboxes) {
      const folder = options.to
        ? resolve(options.to)
        : (
            await mailroom.call('pickup:folder', {
              profileId: profile.id,
              mailboxPath: mailbox.path,
              partner,
            })
          ).folder
      const base = { mailbox: mailbox.path, partner, folder }
      try {
        const started = await mailroom.call('transfer:pickup', {
          profileId: profile.id,
          mailboxPath: mailbox.path,
          localFolder: folder,
          ...(options['keep-on-server'] ? { keepOnServer: true } : {}),
        })
        progress.add(started.transferIds)
        outcomes.push({ ...base, ...started })
        output.line(
          `${mailbox.path || '(login folder)'}: ${started.transferIds.length} to pick up into ${folder}` +
            (started.tooYoung ? `, ${started.tooYoung} too young (left for the next run)` : '') +
            (started.alreadyPickedUp ? `, ${started.alreadyPickedUp} picked up before` : '') +
            (started.recovered
              ? `, ${started.recovered} from an interrupted run finished first`
              : ''),
        )
      } catch (error) {
        // A connection problem ends the whole run; a mailbox that cannot be read is one failure.
        if (
          !(error instanceof CliFailure) ||
          error.exitCode === EXIT.cannotConnect ||
          error.exitCode === EXIT.hostKey
        )
          throw error
        output.error(`${mailbox.path || '(login folder)'}: ${error.message}`)
        outcomes.push({
          ...base,
          tooYoung: 0,
          alreadyPickedUp: 0,
          recovered: 0,
          transferIds: [],
          error: { kind: error.kind, message: error.message },
        })
      }
    }
    // Every mailbox's batch runs at once on the one connection (core's recovery leaves the
    // files of a batch running in this process alone); then wait for all of them.
    const transfers = await progress.finished()
    const failed = transfers.filter((transfer) => transfer.state !== 'done')
    const mailboxFailed = outcomes.some((outcome) => outcome.error)
    const done = transfers.length - failed.length
    const saved = savedSince(await mailroom.call('pickup:history', {}), profile.id, startedAt)
    const keptEncrypted = transfers.filter(
      (transfer) => saved.get(transfer.remotePath)?.pgp?.decrypted === false,
    )
    const notVerified = transfers.filter(
      (transfer) => saved.get(transfer.remotePath)?.detachedSignature?.notVerified === true,
    )
    for (const transfer of transfers) {
      const entry = saved.get(transfer.remotePath)
      const pgp = entry?.pgp
      if (pgp?.verdict) output.line(`${transfer.name}: ${describeDecrypted(pgp.verdict)}.`)
      else if (pgp?.reason) output.error(pgp.reason)
      const detached = entry?.detachedSignature
      if (detached?.notVerified) output.error(`${transfer.name}: ${detached.note}.`)
      else if (detached) output.line(`${transfer.name}: ${detached.note}.`)
    }
    output.line(
      `Picked up ${done} file${done === 1 ? '' : 's'}${failed.length ? `, ${failed.length} failed` : ''}${keptEncrypted.length ? `, ${keptEncrypted.length} kept encrypted` : ''}${notVerified.length ? `, ${notVerified.length} not verified` : ''}.`,
    )
    return {
      // A file kept encrypted, or not verified where a signature is required, is saved, but it
      // is not what the person asked for: they must act.
      exitCode:
        failed.length > 0 ||
        mailboxFailed ||
        recovered.needAttention ||
        keptEncrypted.length > 0 ||
        notVerified.length > 0
          ? EXIT.someFailed
          : EXIT.ok,
      result: {
        profile: profile.name,
        recovered: recovered.sends.map(recoveredFacts),
        mailboxes: outcomes.map(({ transferIds, ...outcome }) => ({
          ...outcome,
          files: transfers
            .filter((transfer) => transferIds.includes(transfer.id))
            .map((transfer) => describe(transfer, saved.get(transfer.remotePath))),
        })),
        pickedUp: done,
        failed: failed.length,
      },
    }
  } finally {
    stop()
    held.end()
  }
}

function describe(transfer: Transfer, saved: PickupHistoryEntry | undefined) {
  const pgp = saved?.pgp
  return {
    name: transfer.name,
    remotePath: transfer.remotePath,
    // Where it was saved: a decrypted file's name lost its .pgp, a taken name gained " (1)".
    localPath: saved?.localPath ?? transfer.localPath,
    bytes: transfer.totalBytes,
    state: transfer.state,
    ...(transfer.error ? { error: transfer.error } : {}),
    ...(pgp
      ? {
          pgp: {
            decrypted: pgp.decrypted,
            ...(pgp.verdict
              ? {
                  verdict: pgp.verdict.state,
                  signature: describeVerdict(pgp.verdict),
                  ...(pgp.verdict.state === 'good' ? { fingerprint: pgp.verdict.fingerprint } : {}),
                }
              : {}),
            ...(pgp.encryptedPath ? { encryptedPath: pgp.encryptedPath } : {}),
            ...(pgp.reason ? { reason: pgp.reason } : {}),
          },
        }
      : {}),
    ...(saved?.detachedSignature
      ? { detachedSignature: detachedFacts(saved.detachedSignature) }
      : {}),
  }
}

/** A detached signature's verdict as `pickup --json` gives it, in the words of `pgp`'s. */
function detachedFacts(detached: NonNullable<PickupHistoryEntry['detachedSignature']>) {
  return {
    verified: detached.verified,
    notVerified: detached.notVerified,
    verdict: detached.verdict.state,
    ...(detached.verdict.state === 'good' ? { fingerprint: detached.verdict.fingerprint } : {}),
    note: detached.note,
  }
}

/** The profile's files saved since `since`, by remote path (the newest if one came twice). */
function savedSince(
  history: readonly PickupHistoryEntry[],
  profileId: string,
  since: number,
): Map<string, PickupHistoryEntry> {
  const saved = new Map<string, PickupHistoryEntry>()
  for (const entry of history)
    if (entry.profileId === profileId && entry.savedAt >= since && !saved.has(entry.remotePath))
      saved.set(entry.remotePath, entry)
  return saved
}
