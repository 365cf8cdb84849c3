import type { ProfileId } from '../../../shared/domain'
import type {
  SessionLogCategory,
  SessionLogEntry,
  SessionLogLevel,
} from '../../../shared/session-log'
import { redact, type Logger } from '../logging/logger'
import type { SessionLogTable } from '../store/session-log-table'

/** What a recorder says happened; the log stamps the time, redacts it and gives it an id. */
export interface SessionLogInput {
  readonly level: SessionLogLevel
  readonly category: SessionLogCategory
  readonly profileId?: ProfileId
  readonly message: string
  readonly details?: Readonly<Record<string, string | number | undefined>>
}

export interface SessionLogOptions {
  readonly logger: Logger
  /** Told of each entry once it is stored (the `log:entry` event). */
  readonly onStored?: (entry: SessionLogEntry) => void
  /**
   * The profiles' names now, stored beside their ids so a saved log reads well after a rename
   * or delete. Asked once per commit: reading the settings file for each entry would cost a
   * batch of thousands of files more than its transfers.
   */
  readonly profileNames?: () => ReadonlyMap<string, string>
  /** Entries the database keeps; older ones are dropped. */
  readonly keep?: number
  /** How long entries wait to be stored together. */
  readonly flushDelayMs?: number
}

/** About a week of a busy mailbox: 100,000 lines of some 200 bytes, some 20 MB in the database. */
export const SESSION_LOG_KEPT = 100_000
/** Entries held while the database cannot take them, oldest dropped first. */
export const SESSION_LOG_PENDING_MAX = 10_000
const FLUSH_DELAY_MS = 200

/**
 * The session log: connection, authentication, host key decisions, every transfer and error,
 * with times, for the person and for support (as WinSCP's session log).
 *
 * It lives in Mailroom's SQLite database (core/store) rather than in a log file of its own:
 * the app and the `mailroom` command each open that database already and WAL lets both write it
 * at once, so each one's runs show up in the other's log with no file locking or rotation race
 * between two processes; filtering by profile and paging back are an index look-up instead of
 * reading and parsing a file; and the table is bounded as a ring of the last `keep` entries.
 * Entries are written in one commit every `flushDelayMs` (the database syncs each commit to
 * disk, and a pickup of thousands of files makes two entries a file), so the in-memory part is
 * only those few waiting, bounded too.
 *
 * Every message and detail passes through the Logger's `redact` before it is kept, and the
 * recorders only ever hand over chosen fields, never a call's input.
 */
export class SessionLog {
  private pending: Array<Omit<SessionLogEntry, 'id'>> = []
  private timer: NodeJS.Timeout | undefined
  private closed = false
  private readonly keep: number
  private readonly flushDelayMs: number

  constructor(
    private readonly table: SessionLogTable,
    private readonly options: SessionLogOptions,
  ) {
    this.keep = options.keep ?? SESSION_LOG_KEPT
    this.flushDelayMs = options.flushDelayMs ?? FLUSH_DELAY_MS
  }

  record(input: SessionLogInput): void {
    // A late event after shutdown (a socket closing) has no database left to go to.
    if (this.closed) return
    const details = input.details ? cleanDetails(input.details) : undefined
    this.pending.push({
      at: new Date().toISOString(),
      level: input.level,
      category: input.category,
      ...(input.profileId ? { profileId: input.profileId } : {}),
      message: String(redact(input.message)),
      ...(details && Object.keys(details).length > 0 ? { details } : {}),
    })
    if (this.pending.length > SESSION_LOG_PENDING_MAX)
      this.pending.splice(0, this.pending.length - SESSION_LOG_PENDING_MAX)
    this.timer ??= setTimeout(() => this.flush(), this.flushDelayMs)
    this.timer.unref?.()
  }

  /** Stores what is waiting, in one commit, and tells `onStored` of each entry. */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    let stored
    try {
      const names = batch.some((entry) => entry.profileId && !entry.profileName)
        ? this.options.profileNames?.()
        : undefined
      const named = batch.map((entry) => {
        const name = entry.profileId && !entry.profileName ? names?.get(entry.profileId) : undefined
        return name === undefined ? entry : { ...entry, profileName: name }
      })
      stored = this.table.append(named, this.keep)
    } catch (error) {
      // Kept for the next try (a write the command holds a moment too long): the log must not
      // stop Mailroom working, and the Logger's file says why entries are late.
      this.pending = [...batch, ...this.pending].slice(-SESSION_LOG_PENDING_MAX)
      this.options.logger.error('The session log could not be stored', {
        error: error instanceof Error ? error.message : String(error),
      })
      if (!this.closed) {
        this.timer = setTimeout(() => this.flush(), this.flushDelayMs * 10)
        this.timer.unref?.()
      }
      return
    }
    for (const entry of stored) this.options.onStored?.(entry as SessionLogEntry)
  }

  /** The last `limit` entries (of one profile) before the entry `before`, oldest first. */
  list(
    options: {
      readonly profileId?: ProfileId
      readonly before?: number
      readonly limit?: number
    } = {},
  ): SessionLogEntry[] {
    this.flush()
    return this.table.list({
      ...(options.profileId ? { profileId: options.profileId } : {}),
      ...(options.before ? { before: options.before } : {}),
      limit: options.limit ?? 1_000,
    }) as SessionLogEntry[]
  }

  /** Stores what is waiting; entries recorded afterwards are dropped. */
  close(): void {
    this.flush()
    this.closed = true
  }
}

/** Details as short strings, with any field named like a secret masked by the Logger's rule. */
function cleanDetails(
  details: Readonly<Record<string, string | number | undefined>>,
): Record<string, string> {
  const present = Object.fromEntries(
    Object.entries(details).filter(
      (entry): entry is [string, string | number] => entry[1] !== undefined,
    ),
  )
  const redacted = redact(present) as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(redacted).map(([key, value]) => [key, String(value).slice(0, 2_000)]),
  )
}
