import type { DatabaseSync } from 'node:sqlite'
import { MailroomError } from '../errors'
import type { PickupFileRow } from './pickup-files-table'

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
  /** The append-only pickup journal file's records, folded one per file. */
  readonly pickupJournal?: readonly PickupFileRow[]
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
  // 2: the pickup journal and history, which lived in an append-only file read whole by every
  // pickup, every look at the history and every "Show in folder".
  (db, legacy) => {
    db.exec(`
      CREATE TABLE pickup_files (
        id TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL,
        remote_path TEXT NOT NULL,
        size INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        local_folder TEXT NOT NULL,
        listed_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        local_path TEXT,
        sha256 TEXT,
        saved_at INTEGER,
        reason TEXT
      );
      CREATE INDEX pickup_files_by_status ON pickup_files (profile_id, status);
      CREATE INDEX pickup_files_by_saved ON pickup_files (saved_at) WHERE saved_at IS NOT NULL;
      CREATE INDEX pickup_files_by_local_path ON pickup_files (local_path)
        WHERE local_path IS NOT NULL;
    `)
    const insert = db.prepare(
      `INSERT OR REPLACE INTO pickup_files (id, profile_id, remote_path, size, modified_at,
         local_folder, listed_at, status, local_path, sha256, saved_at, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (const row of legacy.pickupJournal ?? [])
      insert.run(
        row.id,
        row.profileId,
        row.remotePath,
        row.size,
        row.modifiedAt,
        row.localFolder,
        row.at,
        row.status,
        row.localPath ?? null,
        row.sha256 ?? null,
        row.savedAt ?? null,
        row.reason ?? null,
      )
  },
  // 3: the session log, written by the app and the command alike, so each sees the other's runs.
  (db) => {
    db.exec(`
      CREATE TABLE session_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        level TEXT NOT NULL,
        category TEXT NOT NULL,
        profile_id TEXT,
        profile_name TEXT,
        message TEXT NOT NULL,
        details TEXT
      );
      CREATE INDEX session_log_by_profile ON session_log (profile_id, id);
    `)
  },
  // 4: the send journal, so the next connection after a killed send knows what it left on the
  // server (a temporary file, a partial file under its final name, half a message).
  (db) => {
    db.exec(`
      CREATE TABLE send_uploads (
        id TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL,
        remote_path TEXT NOT NULL,
        local_path TEXT NOT NULL,
        size INTEGER NOT NULL,
        strategy TEXT NOT NULL,
        message_folder TEXT,
        queued_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        temporary_path TEXT,
        started_at INTEGER,
        written_at INTEGER,
        server_modified_at INTEGER,
        finished_at INTEGER,
        outcome TEXT
      );
      CREATE INDEX send_uploads_by_status ON send_uploads (profile_id, status);
      CREATE INDEX send_uploads_by_message ON send_uploads (profile_id, message_folder)
        WHERE message_folder IS NOT NULL;
      CREATE INDEX send_uploads_by_finished ON send_uploads (finished_at)
        WHERE finished_at IS NOT NULL;
    `)
  },
  // 5: the pickup's decrypt step (OpenPGP): the decrypted part's SHA-256 and signature verdict,
  // where the encrypted original was kept, and why a file was kept encrypted.
  (db) => {
    db.exec(`
      ALTER TABLE pickup_files ADD COLUMN plain_sha256 TEXT;
      ALTER TABLE pickup_files ADD COLUMN verdict TEXT;
      ALTER TABLE pickup_files ADD COLUMN encrypted_path TEXT;
      ALTER TABLE pickup_files ADD COLUMN note TEXT;
    `)
  },
  // 6: the send's encrypt step (OpenPGP): the original a file was encrypted from (local_path is
  // then the encrypted copy in the data folder), how it was encrypted, and when the copy was
  // complete.
  (db) => {
    db.exec(`
      ALTER TABLE send_uploads ADD COLUMN source_path TEXT;
      ALTER TABLE send_uploads ADD COLUMN pgp TEXT;
      ALTER TABLE send_uploads ADD COLUMN encrypted_at INTEGER;
    `)
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
