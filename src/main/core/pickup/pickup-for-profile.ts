import type { Profile } from '../../../shared/domain'
import { keepsOnServerByDefault } from '../../../shared/presets'
import type { Logger } from '../logging/logger'
import type { PgpKeyring } from '../pgp/pgp-keyring'
import type { SessionLog } from '../session-log/session-log'
import type { SessionManager } from '../sessions/session-manager'
import { filesInFlightFor } from '../transfer/engine/transfer-budget'
import type { TransferQueue } from '../transfer/transfer-queue'
import type { FolderSync } from './folder-sync'
import type { PickupJournal } from './pickup-journal'
import type { ProfileRuns } from '../locks/profile-runs'
import { startPickup, type PickupRequest, type PickupStarted } from './run-pickup'

export interface ProfilePickupDeps {
  readonly queue: TransferQueue
  readonly sessions: SessionManager
  readonly journal: PickupJournal
  readonly logger: Logger
  /** The profiles' pickup runs, each holding the lock shared with the `mailroom` command. */
  readonly runs: ProfileRuns
  /** Flushes pickup folders once for the files named in them meanwhile. */
  readonly folders: FolderSync
  /** Where a pickup says what the person should know of it (files it could not mark). */
  readonly sessionLog?: SessionLog
  /** OpenPGP keys, to decrypt in the receive mailboxes whose settings say so. */
  readonly pgpKeys?: PgpKeyring
}

/**
 * A pickup with the profile's settings: its connection, its age threshold, and the gateway's
 * default for the server's copy (MFT Gateway's guide only asks to download: its storage expires
 * files after 70 days; Amili and AS2 Gateway ask for the delete), as a batch of the profile's
 * pickup run.
 */
export async function pickUpForProfile(
  deps: ProfilePickupDeps,
  profile: Pick<
    Profile,
    | 'id'
    | 'preset'
    | 'minFileAgeSeconds'
    | 'conservative'
    | 'host'
    | 'port'
    | 'username'
    | 'pgpReceive'
  >,
  selection: PickupRequest['selection'],
  localFolder: string,
  keepOnServer?: boolean,
): Promise<PickupStarted> {
  // Said once a batch: every file of a folder on such a file system would say it again.
  let toldUnmarked = false
  const onUnmarked = (folder: string) => {
    if (toldUnmarked) return
    toldUnmarked = true
    deps.sessionLog?.record({
      level: 'warn',
      category: 'transfer',
      profileId: profile.id,
      message: `Files picked up into ${folder} could not be marked as coming from the internet: that folder's file system cannot hold the mark, so the system will not warn when they are opened. Open them with care, or pick up into another folder.`,
    })
  }
  // Keys unlocked for this batch's files stay unlocked until it ends: one question, not one a file.
  const releaseKeys = deps.pgpKeys?.holdUnlocked() ?? (() => {})
  const started = deps.runs.batch(
    profile.id,
    'the Mailroom app',
    () =>
      startPickup({
        queue: deps.queue,
        sessions: deps.sessions.sourceFor(profile.id),
        profileId: profile.id,
        journal: deps.journal,
        logger: deps.logger,
        folders: deps.folders,
        origin: { host: profile.host, port: profile.port, username: profile.username },
        onUnmarked,
        ...(deps.pgpKeys && Object.keys(profile.pgpReceive).length > 0
          ? {
              decryption: {
                keyring: deps.pgpKeys,
                mailboxes: profile.pgpReceive,
                hold: releaseKeys,
              },
            }
          : {}),
        selection,
        localFolder,
        minAgeMs: profile.minFileAgeSeconds * 1000,
        // What is picked up here without the person's say (automatic pickup, the command) comes
        // from receive mailboxes.
        keepOnServer: keepOnServer ?? keepsOnServerByDefault(profile.preset, 'receive'),
        filesInFlight: filesInFlightFor(profile, deps.sessions.sessionIfOpen(profile.id)?.limits),
      }),
    (transferIds) => deps.queue.whenFinished(transferIds).finally(releaseKeys),
  )
  started.catch(releaseKeys)
  return started
}
