import type { DatabaseSync, StatementSync } from 'node:sqlite'

/** A file sent to a send mailbox. */
export interface SentFile {
  readonly profileId: string
  readonly folder: string
  readonly name: string
  readonly sentAt: number
}

/**
 * The sent log's rows. Each statement touches only the rows it needs through an index, so
 * recording a send costs the same with a hundred thousand rows as with none.
 */
export class SentFilesTable {
  private readonly insert: StatementSync
  private readonly prune: StatementSync
  private readonly since: StatementSync
  private readonly count: StatementSync

  constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare(
      'INSERT INTO sent_files (profile_id, folder, name, sent_at) VALUES (?, ?, ?, ?)',
    )
    this.prune = db.prepare('DELETE FROM sent_files WHERE sent_at < ?')
    this.since = db.prepare(
      `SELECT name, MAX(sent_at) AS sent_at FROM sent_files
       WHERE profile_id = ? AND folder = ? AND sent_at >= ? GROUP BY name`,
    )
    this.count = db.prepare('SELECT COUNT(*) AS count FROM sent_files')
  }

  /** Records sends and forgets those sent before `keepAfter`, in one commit. */
  record(files: readonly SentFile[], keepAfter: number): void {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      for (const file of files) this.insert.run(file.profileId, file.folder, file.name, file.sentAt)
      this.prune.run(keepAfter)
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
  }

  /** Each name sent to the folder at or after `after`, with its latest send. */
  sentSince(profileId: string, folder: string, after: number): Map<string, number> {
    const rows = this.since.all(profileId, folder, after) as Array<{
      name: string
      sent_at: number
    }>
    return new Map(rows.map((row) => [row.name, Number(row.sent_at)]))
  }

  size(): number {
    return Number((this.count.get() as { count: number }).count)
  }
}
