import type { Profile } from '../../../shared/domain'
import { keepsOnServerByDefault } from '../../../shared/presets'
import type { Logger } from '../logging/logger'
import type { SessionManager } from '../sessions/session-manager'
import { filesInFlightFor } from '../transfer/files-in-flight'
import type { TransferQueue } from '../transfer/transfer-queue'
import type { PickupJournal } from './pickup-journal'
import { releaseWhenFinished, type PickupLocks } from './pickup-lock'
import { startPickup, type PickupRequest, type PickupStarted } from './run-pickup'

export interface ProfilePickupDeps {
  readonly queue: TransferQueue
  readonly sessions: SessionManager
  readonly journal: PickupJournal
  readonly logger: Logger
  /** The data folder's pickup locks, shared with the `mailroom` command. */
  readonly locks: PickupLocks
}

/**
 * A pickup with the profile's settings: its connection, its age threshold, and the gateway's
 * default for the server's copy (MFT Gateway's guide only asks to download: its storage expires
 * files after 70 days; Amili and AS2 Gateway ask for the delete).
 */
export async function pickUpForProfile(
  deps: ProfilePickupDeps,
  profile: Pick<Profile, 'id' | 'preset' | 'minFileAgeSeconds' | 'conservative'>,
  selection: PickupRequest['selection'],
  localFolder: string,
  keepOnServer?: boolean,
): Promise<PickupStarted> {
  // Held until the batch's transfers have finished; shared with this process's other pickups.
  const lock = deps.locks.acquire(profile.id, 'the Mailroom app')
  try {
    const started = await startPickup({
      queue: deps.queue,
      sessions: deps.sessions.sourceFor(profile.id),
      profileId: profile.id,
      journal: deps.journal,
      logger: deps.logger,
      selection,
      localFolder,
      minAgeMs: profile.minFileAgeSeconds * 1000,
      // What is picked up here without the person's say (automatic pickup, the command) comes
      // from receive mailboxes.
      keepOnServer: keepOnServer ?? keepsOnServerByDefault(profile.preset, 'receive'),
      filesInFlight: filesInFlightFor(profile, deps.sessions.sessionIfOpen(profile.id)),
    })
    releaseWhenFinished(deps.queue, started.transferIds, lock)
    return started
  } catch (error) {
    lock.release()
    throw error
  }
}
