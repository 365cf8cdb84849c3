import type { DatabaseSync, StatementSync } from 'node:sqlite'

/** A session log entry as stored: details as a JSON object of strings. */
export interface SessionLogRow {
  readonly at: string
  readonly level: string
  readonly category: string
  readonly profileId?: string
  readonly profileName?: string
  readonly message: string
  readonly details?: Readonly<Record<string, string>>
}

export interface StoredSessionLogRow extends SessionLogRow {
  readonly id: number
}

interface DbRow {
  id: number
  at: string
  level: string
  category: string
  profile_id: string | null
  profile_name: string | null
  message: string
  details: string | null
}

/**
 * The session log's rows. The table is a ring: each append drops the rows older than the last
 * `keep`, by primary key, so the log stays the same size however long Mailroom runs, and each
 * query reads only the rows it returns through an index.
 */
export class SessionLogTable {
  private readonly insert: StatementSync
  private readonly prune: StatementSync
  private readonly latest: StatementSync
  private readonly latestOfProfile: StatementSync

  constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare(
      `INSERT INTO session_log (at, level, category, profile_id, profile_name, message, details)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    this.prune = db.prepare('DELETE FROM session_log WHERE id <= ?')
    this.latest = db.prepare('SELECT * FROM session_log WHERE id < ? ORDER BY id DESC LIMIT ?')
    this.latestOfProfile = db.prepare(
      'SELECT * FROM session_log WHERE profile_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
    )
  }

  /** Stores `rows` in one commit and keeps only the last `keep`; returns them with their ids. */
  append(rows: readonly SessionLogRow[], keep: number): StoredSessionLogRow[] {
    const stored: StoredSessionLogRow[] = []
    this.db.exec('BEGIN IMMEDIATE')
    try {
      for (const row of rows) {
        const { lastInsertRowid } = this.insert.run(
          row.at,
          row.level,
          row.category,
          row.profileId ?? null,
          row.profileName ?? null,
          row.message,
          row.details ? JSON.stringify(row.details) : null,
        )
        stored.push({ ...row, id: Number(lastInsertRowid) })
      }
      const last = stored.at(-1)
      if (last) this.prune.run(last.id - keep)
      this.db.exec('COMMIT')
      return stored
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
  }

  /** The last `limit` rows (of one profile, if given) stored before `before`, oldest first. */
  list(options: {
    readonly profileId?: string
    readonly before?: number
    readonly limit: number
  }): StoredSessionLogRow[] {
    const before = options.before ?? Number.MAX_SAFE_INTEGER
    const rows = (options.profileId === undefined
      ? this.latest.all(before, options.limit)
      : this.latestOfProfile.all(options.profileId, before, options.limit)) as unknown as DbRow[]
    return rows.reverse().map((row) => ({
      id: Number(row.id),
      at: row.at,
      level: row.level,
      category: row.category,
      ...(row.profile_id !== null ? { profileId: row.profile_id } : {}),
      ...(row.profile_name !== null ? { profileName: row.profile_name } : {}),
      message: row.message,
      ...(row.details !== null
        ? { details: JSON.parse(row.details) as Record<string, string> }
        : {}),
    }))
  }
}
