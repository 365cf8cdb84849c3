import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { ProfileId } from '../../../shared/domain'
import { MailroomError } from '../errors'

/** What a lock keeps to one process at a time for a profile: its pickups, or its sends. */
export type LockedActivity = 'pickup' | 'send'

/** Who holds a profile's lock, for the message another Mailroom shows. */
export interface LockOwner {
  readonly pid: number
  readonly by: string
  readonly since: number
}

/** A held lock; `release` may be called more than once. */
export interface ProfileLock {
  release(): void
}

interface Held {
  readonly db: DatabaseSync
  holders: number
}

// One OS lock per lock file per process: pickups (or sends) of one profile inside one process
// (the app's automatic pickup beside "Pick up all") share it, as they share the profile's journal.
const heldHere = new Map<string, Held>()

/**
 * Keeps the app and the `mailroom` command from picking up the same profile at once, or from
 * sending for it at once (one set of locks per activity, in files of their own: a pickup and a
 * send of one profile may run together).
 *
 * Why an exclusive SQLite transaction on a small lock file of its own, not a pid file nor a row
 * in mailroom.db: the lock is the operating system's file lock (fcntl on macOS and Linux,
 * LockFileEx on Windows), which the kernel drops the moment the process ends, however it ends
 * (SIGKILL, a crash, a power cut), so a killed pickup can never leave it stuck; a pid file has
 * to guess whether its pid is still the same process (pids are reused) and is racy to take; a
 * row in mailroom.db would need the same guess, and holding a transaction there would block the
 * journal's own writes. `node:sqlite` is already how core reaches the disk, so nothing new.
 * The owner file beside it is only for the message ("process 1234 since 09:00"), never decides.
 */
export class ProfileLocks {
  constructor(
    private readonly folder: string,
    readonly activity: LockedActivity,
  ) {}

  /** The locks of a data folder (its locks/ folder): the app and the command must share them. */
  static forDataDir(dataDir: string, activity: LockedActivity): ProfileLocks {
    return new ProfileLocks(join(dataDir, 'locks'), activity)
  }

  /** Takes the profile's lock, or returns undefined when another process holds it. */
  tryAcquire(profileId: ProfileId, by: string): ProfileLock | undefined {
    const path = this.pathOf(profileId)
    let held = heldHere.get(path)
    if (!held) {
      mkdirSync(this.folder, { recursive: true })
      const db = new DatabaseSync(path, { timeout: 0 })
      try {
        // Rollback-journal mode (SQLite's default): EXCLUSIVE keeps every other connection out,
        // readers too, until the transaction ends or the process does.
        db.exec('BEGIN EXCLUSIVE')
      } catch (error) {
        db.close()
        if (isBusy(error)) return undefined
        throw new MailroomError(
          'local-io',
          `Could not take the ${this.activity} lock ${path}: ${error instanceof Error ? error.message : String(error)}`,
          undefined,
          { cause: error },
        )
      }
      held = { db, holders: 0 }
      heldHere.set(path, held)
      const owner: LockOwner = { pid: process.pid, by, since: Date.now() }
      writeFileSync(`${path}.owner`, JSON.stringify(owner))
    }
    held.holders += 1
    let released = false
    const entry = held
    return {
      release: () => {
        if (released) return
        released = true
        entry.holders -= 1
        if (entry.holders > 0) return
        heldHere.delete(path)
        rmSync(`${path}.owner`, { force: true })
        entry.db.exec('ROLLBACK')
        entry.db.close()
      },
    }
  }

  /** Takes the profile's lock, or fails with a message saying who holds it. */
  acquire(profileId: ProfileId, by: string): ProfileLock {
    const lock = this.tryAcquire(profileId, by)
    if (lock) return lock
    throw this.heldElsewhere(profileId)
  }

  /** The error for a lock another process holds, saying who, as it wrote down. */
  heldElsewhere(profileId: ProfileId): MailroomError {
    const owner = this.owner(profileId)
    return new MailroomError(
      'already-exists',
      `Another ${this.activity} of this profile is running${owner ? ` (${owner.by}, process ${owner.pid}, since ${new Date(owner.since).toLocaleTimeString()})` : ''}. Try again when it has finished.`,
    )
  }

  /** Who holds the lock, as it wrote down (informational only: the OS lock decides). */
  owner(profileId: ProfileId): LockOwner | undefined {
    try {
      return JSON.parse(readFileSync(`${this.pathOf(profileId)}.owner`, 'utf8')) as LockOwner
    } catch {
      return undefined
    }
  }

  private pathOf(profileId: ProfileId): string {
    // Profile ids are [a-z0-9-] (shared/domain.ts): safe as a file name everywhere.
    return join(this.folder, `${this.activity}-${profileId}.lock`)
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode
  // SQLITE_BUSY (5) and SQLITE_LOCKED (6).
  return code === 5 || code === 6
}
