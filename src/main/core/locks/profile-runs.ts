import type { ProfileId, TransferId } from '../../../shared/domain'
import type { MailroomError } from '../errors'
import type { ProfileLock, ProfileLocks } from './profile-locks'

/** A run its caller ends: the command's, over all the mailboxes it picks up. */
export interface ProfileRun {
  end(): void
}

interface Run {
  readonly lock: ProfileLock
  /** The caller holding it open (the command) and the batches still running in it. */
  holders: number
}

/**
 * Pickup runs (or send runs), one per profile at a time in this process, each holding the
 * profile's lock for that activity (shared with the `mailroom` command and other processes) from
 * its first batch to its end: the lock is taken once per run, not once per mailbox. A pickup run
 * is one "Pick up" in the app (the app's automatic pickup of another mailbox joins it while it
 * lasts) or one `mailroom pickup` over all its mailboxes; a send run is the files dropped on a
 * mailbox, and any dropped while they go, or the recovery of what a killed send left. A run ends
 * when its last batch has finished (a promise, not a poll) and, for the command, when the
 * command ends it.
 */
export class ProfileRuns {
  private readonly running = new Map<ProfileId, Run>()

  constructor(private readonly locks: ProfileLocks) {}

  /**
   * Opens a run the caller ends, before it connects (so the command can say "another pickup is
   * running" at once); undefined when another process holds the profile's lock.
   */
  begin(profileId: ProfileId, by: string): ProfileRun | undefined {
    const run = this.join(profileId, by)
    if (!run) return undefined
    let ended = false
    return {
      end: () => {
        if (ended) return
        ended = true
        this.leave(profileId, run)
      },
    }
  }

  /**
   * Joins the profile's run (or opens one) for work that ends when it calls `end`; fails,
   * saying who holds it, when another process holds the profile's lock.
   */
  hold(profileId: ProfileId, by: string): ProfileRun {
    const run = this.begin(profileId, by)
    if (!run) throw this.heldElsewhere(profileId)
    return run
  }

  /** The error for the profile's lock held by another process, saying who, as it wrote down. */
  heldElsewhere(profileId: ProfileId): MailroomError {
    return this.locks.heldElsewhere(profileId)
  }

  /**
   * Starts a batch inside the profile's run (the open one, or a new one), which lasts until
   * `finished` resolves for the transfers the batch queued. Fails, saying who holds it, when
   * another process holds the lock.
   */
  async batch<T extends { readonly transferIds: readonly TransferId[] }>(
    profileId: ProfileId,
    by: string,
    start: () => Promise<T>,
    finished: (transferIds: readonly TransferId[]) => Promise<void>,
  ): Promise<T> {
    const run = this.join(profileId, by)
    if (!run) throw this.locks.heldElsewhere(profileId)
    let started: T
    try {
      started = await start()
    } catch (error) {
      this.leave(profileId, run)
      throw error
    }
    void finished(started.transferIds).finally(() => this.leave(profileId, run))
    return started
  }

  private join(profileId: ProfileId, by: string): Run | undefined {
    let run = this.running.get(profileId)
    if (!run) {
      const lock = this.locks.tryAcquire(profileId, by)
      if (!lock) return undefined
      run = { lock, holders: 0 }
      this.running.set(profileId, run)
    }
    run.holders += 1
    return run
  }

  private leave(profileId: ProfileId, run: Run): void {
    run.holders -= 1
    if (run.holders > 0) return
    if (this.running.get(profileId) === run) this.running.delete(profileId)
    run.lock.release()
  }
}
