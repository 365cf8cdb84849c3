import type { DatabaseSync } from 'node:sqlite'
import { MailroomError } from '../errors'

/** A sent file as Mailroom 0.1 kept it in the settings file, to be carried into the database. */
export interface LegacySentRecord {
  readonly profileId: string
  readonly folder: string
  readonly name: string
  readonly sentAt: number
}

/** What older Mailrooms kept in other places, read by the migration that takes it in. */
export interface LegacyData {
  readonly sentLog?: readonly LegacySentRecord[]
}

/**
 * Numbered steps, each taking the schema from version N - 1 to N inside one transaction with
 * the new `user_version`, so a crash leaves the database at N - 1 or at N, never between.
 * Steps are never edited once released: a change is a new step.
 */
const MIGRATIONS: ReadonlyArray<(db: DatabaseSync, legacy: LegacyData) => void> = [
  // 1: the sent log, which lived in the settings file and was rewritten whole after every send.
  (db, legacy) => {
    db.exec(`
      CREATE TABLE sent_files (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL,
        folder TEXT NOT NULL,
        name TEXT NOT NULL,
        sent_at INTEGER NOT NULL
      );
      CREATE INDEX sent_files_by_folder ON sent_files (profile_id, folder, sent_at);
      CREATE INDEX sent_files_by_time ON sent_files (sent_at);
    `)
    const insert = db.prepare(
      'INSERT INTO sent_files (profile_id, folder, name, sent_at) VALUES (?, ?, ?, ?)',
    )
    for (const record of legacy.sentLog ?? [])
      insert.run(record.profileId, record.folder, record.name, record.sentAt)
  },
]

export const SCHEMA_VERSION = MIGRATIONS.length

/** Brings the database to SCHEMA_VERSION, refusing one written by a newer Mailroom. */
export function migrate(db: DatabaseSync, legacy: LegacyData): void {
  const version = Number(
    (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
  )
  if (version > SCHEMA_VERSION) {
    throw new MailroomError(
      'invalid-input',
      `Mailroom's database was written by a newer version of Mailroom (schema ${version}). Update Mailroom to open it.`,
    )
  }
  for (let next = version + 1; next <= SCHEMA_VERSION; next += 1) {
    const step = MIGRATIONS[next - 1]
    if (!step) break
    db.exec('BEGIN IMMEDIATE')
    try {
      step(db, legacy)
      db.exec(`PRAGMA user_version = ${next}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
}
