import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { MailroomError } from '../errors'
import { migrate, type LegacyData } from './migrations'
import { PickupFilesTable } from './pickup-files-table'
import { SendUploadsTable } from './send-uploads-table'
import { SentFilesTable } from './sent-files-table'
import { SessionLogTable } from './session-log-table'

/**
 * Mailroom's bookkeeping (what was sent where, the pickup journal and history, the send journal,
 * the session log) in one SQLite database, owned by this folder: no SQL text lives anywhere else.
 * `node:sqlite` is built into Node 22.5+ and so into Electron 40+, so there is no native module
 * to rebuild for the app. WAL with synchronous=FULL: each commit is on disk when it returns.
 */
export class MailroomStore {
  readonly sentFiles: SentFilesTable
  readonly pickupFiles: PickupFilesTable
  readonly sendUploads: SendUploadsTable
  readonly sessionLog: SessionLogTable

  private constructor(private readonly db: DatabaseSync) {
    this.sentFiles = new SentFilesTable(db)
    this.pickupFiles = new PickupFilesTable(db)
    this.sendUploads = new SendUploadsTable(db)
    this.sessionLog = new SessionLogTable(db)
  }

  /** Opens (or creates) the database at `path` and brings its schema up to date. */
  static open(path: string, legacy: LegacyData = {}): MailroomStore {
    let db: DatabaseSync | undefined
    try {
      mkdirSync(dirname(path), { recursive: true })
      db = new DatabaseSync(path)
      db.exec('PRAGMA journal_mode = WAL')
      db.exec('PRAGMA synchronous = FULL')
      db.exec('PRAGMA foreign_keys = ON')
      // Another Mailroom (the app beside the command line) may hold a write for a moment.
      db.exec('PRAGMA busy_timeout = 5000')
      migrate(db, legacy)
      return new MailroomStore(db)
    } catch (error) {
      db?.close()
      if (error instanceof MailroomError) throw error
      throw new MailroomError(
        'local-io',
        `Could not open Mailroom's database ${path}: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        { cause: error },
      )
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close()
  }
}
