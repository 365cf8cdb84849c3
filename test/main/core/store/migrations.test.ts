import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import {
  migrate,
  SCHEMA_VERSION,
  type LegacySentRecord,
} from '../../../../src/main/core/store/migrations'
import type { PickupFileRow } from '../../../../src/main/core/store/pickup-files-table'

/**
 * The schema as each released version left it, written out here, not taken from migrations.ts:
 * a migration is tested from the schema before it as users' databases hold it, so a step edited
 * after its release shows up as a failure here.
 */
const RELEASED_SCHEMA: Readonly<Record<number, string>> = {
  1: `
    CREATE TABLE sent_files (
      id INTEGER PRIMARY KEY,
      profile_id TEXT NOT NULL,
      folder TEXT NOT NULL,
      name TEXT NOT NULL,
      sent_at INTEGER NOT NULL
    );
    CREATE INDEX sent_files_by_folder ON sent_files (profile_id, folder, sent_at);
    CREATE INDEX sent_files_by_time ON sent_files (sent_at);
  `,
  2: `
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
  `,
  3: `
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
  `,
  4: `
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
  `,
  5: `
    ALTER TABLE pickup_files ADD COLUMN plain_sha256 TEXT;
    ALTER TABLE pickup_files ADD COLUMN verdict TEXT;
    ALTER TABLE pickup_files ADD COLUMN encrypted_path TEXT;
    ALTER TABLE pickup_files ADD COLUMN note TEXT;
  `,
}

/** A database in memory at `version`, as the released Mailroom of that version left it. */
function databaseAt(version: number): DatabaseSync {
  const db = new DatabaseSync(':memory:')
  for (let step = 1; step <= version; step += 1) {
    const schema = RELEASED_SCHEMA[step]
    if (schema === undefined) throw new Error(`no released schema ${step} written out here`)
    db.exec(schema)
  }
  db.exec(`PRAGMA user_version = ${version}`)
  return db
}

const versionOf = (db: DatabaseSync) =>
  Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)

/** The database's tables and indexes, by name. */
const objectsOf = (db: DatabaseSync) =>
  (
    db
      .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as Array<{ type: string; name: string }>
  ).map((row) => `${row.type} ${row.name}`)

const columnsOf = (db: DatabaseSync, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
    (column) => column.name,
  )

const rowsOf = (db: DatabaseSync, table: string) =>
  db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()

const SENT: LegacySentRecord[] = [
  { profileId: 'p1', folder: 'AS2/send/A/B', name: 'INVOICE.xml', sentAt: 1_000 },
  { profileId: 'p2', folder: 'input', name: 'orders.csv', sentAt: 2_000 },
]

const JOURNAL: PickupFileRow[] = [
  {
    id: 'a',
    profileId: 'p1',
    remotePath: 'pickup/a.xml',
    size: 10,
    modifiedAt: 100,
    localFolder: '/in',
    at: 1,
    status: 'deleted',
    localPath: '/in/a.xml',
    sha256: 'aa',
    savedAt: 3,
  },
  {
    id: 'b',
    profileId: 'p1',
    remotePath: 'pickup/b.xml',
    size: 20,
    modifiedAt: 200,
    localFolder: '/in',
    at: 5,
    status: 'abandoned',
    reason: 'it changed on the server',
  },
]

describe('migrate', () => {
  it('brings a new database to the newest schema', () => {
    expect(SCHEMA_VERSION).toBe(6)
    const db = databaseAt(0)
    migrate(db, {})
    expect(versionOf(db)).toBe(SCHEMA_VERSION)
    expect(objectsOf(db)).toEqual([
      'table pickup_files',
      'index pickup_files_by_local_path',
      'index pickup_files_by_saved',
      'index pickup_files_by_status',
      'table send_uploads',
      'index send_uploads_by_finished',
      'index send_uploads_by_message',
      'index send_uploads_by_status',
      'table sent_files',
      'index sent_files_by_folder',
      'index sent_files_by_time',
      'table session_log',
      'index session_log_by_profile',
    ])
  })

  it('1, from an empty database: makes the sent log and takes in the settings file’s', () => {
    const db = databaseAt(0)
    migrate(db, { sentLog: SENT })
    expect(columnsOf(db, 'sent_files')).toEqual(['id', 'profile_id', 'folder', 'name', 'sent_at'])
    expect(rowsOf(db, 'sent_files')).toEqual([
      { id: 1, profile_id: 'p1', folder: 'AS2/send/A/B', name: 'INVOICE.xml', sent_at: 1_000 },
      { id: 2, profile_id: 'p2', folder: 'input', name: 'orders.csv', sent_at: 2_000 },
    ])
  })

  it('2, from schema 1: makes the pickup journal and takes in the journal file’s records, and not the sent log again', () => {
    const db = databaseAt(1)
    db.exec(
      "INSERT INTO sent_files (profile_id, folder, name, sent_at) VALUES ('p1', 'in', 'kept.xml', 5)",
    )
    migrate(db, { sentLog: SENT, pickupJournal: JOURNAL })
    expect(versionOf(db)).toBe(SCHEMA_VERSION)
    expect(rowsOf(db, 'sent_files')).toEqual([
      { id: 1, profile_id: 'p1', folder: 'in', name: 'kept.xml', sent_at: 5 },
    ])
    expect(rowsOf(db, 'pickup_files')).toEqual([
      {
        id: 'a',
        profile_id: 'p1',
        remote_path: 'pickup/a.xml',
        size: 10,
        modified_at: 100,
        local_folder: '/in',
        listed_at: 1,
        status: 'deleted',
        local_path: '/in/a.xml',
        sha256: 'aa',
        saved_at: 3,
        reason: null,
        plain_sha256: null,
        verdict: null,
        encrypted_path: null,
        note: null,
      },
      {
        id: 'b',
        profile_id: 'p1',
        remote_path: 'pickup/b.xml',
        size: 20,
        modified_at: 200,
        local_folder: '/in',
        listed_at: 5,
        status: 'abandoned',
        local_path: null,
        sha256: null,
        saved_at: null,
        reason: 'it changed on the server',
        plain_sha256: null,
        verdict: null,
        encrypted_path: null,
        note: null,
      },
    ])
  })

  it('3, from schema 2: makes the session log, and takes in nothing again', () => {
    const db = databaseAt(2)
    db.exec(
      `INSERT INTO pickup_files (id, profile_id, remote_path, size, modified_at, local_folder,
         listed_at, status) VALUES ('x', 'p1', 'pickup/x.xml', 1, 1, '/in', 1, 'listed')`,
    )
    migrate(db, { sentLog: SENT, pickupJournal: JOURNAL })
    expect(versionOf(db)).toBe(SCHEMA_VERSION)
    expect(columnsOf(db, 'session_log')).toEqual([
      'id',
      'at',
      'level',
      'category',
      'profile_id',
      'profile_name',
      'message',
      'details',
    ])
    expect(rowsOf(db, 'session_log')).toEqual([])
    expect(rowsOf(db, 'sent_files')).toEqual([])
    expect(rowsOf(db, 'pickup_files').map((row) => row.id)).toEqual(['x'])
  })

  it('4, from schema 3: makes the send journal, keeps the session log, and takes in nothing again', () => {
    const db = databaseAt(3)
    db.exec(
      `INSERT INTO session_log (at, level, category, message)
       VALUES ('2026-11-23T10:00:00Z', 'info', 'connection', 'kept')`,
    )
    migrate(db, { sentLog: SENT, pickupJournal: JOURNAL })
    expect(versionOf(db)).toBe(SCHEMA_VERSION)
    expect(columnsOf(db, 'send_uploads')).toEqual([
      'id',
      'profile_id',
      'remote_path',
      'local_path',
      'size',
      'strategy',
      'message_folder',
      'queued_at',
      'status',
      'temporary_path',
      'started_at',
      'written_at',
      'server_modified_at',
      'finished_at',
      'outcome',
      // 6's
      'source_path',
      'pgp',
      'encrypted_at',
    ])
    expect(rowsOf(db, 'send_uploads')).toEqual([])
    expect(rowsOf(db, 'session_log').map((row) => row.message)).toEqual(['kept'])
    expect(rowsOf(db, 'sent_files')).toEqual([])
    expect(rowsOf(db, 'pickup_files')).toEqual([])
    // Queries a recovery makes go through an index, not a scan of a week of sends.
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM send_uploads
         WHERE profile_id = 'p' AND status IN ('queued', 'started', 'written')`,
      )
      .all() as Array<{ detail: string }>
    expect(plan.map((row) => row.detail).join(' ')).toContain('send_uploads_by_status')
  })

  it('5, from schema 4: adds the decrypt step’s columns to the pickup journal, keeping its rows', () => {
    const db = databaseAt(4)
    db.exec(
      `INSERT INTO pickup_files (id, profile_id, remote_path, size, modified_at, local_folder,
         listed_at, status, sha256) VALUES ('x', 'p1', 'pickup/x.pgp', 1, 1, '/in', 1, 'verified', 'ab')`,
    )
    migrate(db, { sentLog: SENT, pickupJournal: JOURNAL })
    expect(versionOf(db)).toBe(SCHEMA_VERSION)
    expect(columnsOf(db, 'pickup_files').slice(-4)).toEqual([
      'plain_sha256',
      'verdict',
      'encrypted_path',
      'note',
    ])
    expect(rowsOf(db, 'pickup_files')).toMatchObject([
      { id: 'x', status: 'verified', sha256: 'ab', plain_sha256: null, note: null },
    ])
  })

  it('6, from schema 5: adds the encrypt step’s columns to the send journal, keeping its rows', () => {
    const db = databaseAt(5)
    db.exec(
      `INSERT INTO send_uploads (id, profile_id, remote_path, local_path, size, strategy,
         queued_at, status) VALUES ('u', 'p1', 'out/x.xml', '/here/x.xml', 5, 'direct', 1, 'queued')`,
    )
    migrate(db, {})
    expect(versionOf(db)).toBe(6)
    expect(columnsOf(db, 'send_uploads').slice(-3)).toEqual(['source_path', 'pgp', 'encrypted_at'])
    expect(rowsOf(db, 'send_uploads')).toMatchObject([
      { id: 'u', status: 'queued', local_path: '/here/x.xml', source_path: null, pgp: null },
    ])
  })

  it('does nothing to a database already at the newest schema', () => {
    const db = databaseAt(0)
    migrate(db, {})
    migrate(db, { sentLog: SENT, pickupJournal: JOURNAL })
    expect(rowsOf(db, 'sent_files')).toEqual([])
    expect(rowsOf(db, 'pickup_files')).toEqual([])
  })

  it('refuses a database written by a newer Mailroom, and changes nothing', () => {
    const db = databaseAt(0)
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    expect(() => migrate(db, {})).toThrow(
      expect.objectContaining({
        kind: 'invalid-input',
        message: `Mailroom's database was written by a newer version of Mailroom (schema ${SCHEMA_VERSION + 1}). Update Mailroom to open it.`,
      }),
    )
    expect(versionOf(db)).toBe(SCHEMA_VERSION + 1)
    expect(objectsOf(db)).toEqual([])
  })

  it('leaves the database at the step before when a step fails, never half-way', () => {
    const db = databaseAt(1)
    // A record the journal file could hold after a bad write: no remote path.
    const damaged = { ...JOURNAL[0], remotePath: null } as unknown as PickupFileRow
    expect(() => migrate(db, { pickupJournal: [damaged] })).toThrow(/NOT NULL/)
    expect(versionOf(db)).toBe(1)
    expect(objectsOf(db)).toEqual([
      'table sent_files',
      'index sent_files_by_folder',
      'index sent_files_by_time',
    ])
    expect(db.isTransaction).toBe(false)
    // The next start, without the damaged record, goes on from there.
    migrate(db, { pickupJournal: JOURNAL.slice(1) })
    expect(versionOf(db)).toBe(SCHEMA_VERSION)
    expect(rowsOf(db, 'pickup_files').map((row) => row.id)).toEqual(['b'])
  })
})
