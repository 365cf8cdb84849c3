import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { sentPgp, type SentPgp } from '../../../shared/pgp'

/**
 * How far one upload got: queued (nothing on the server yet), started (being written, under its
 * final or its temporary name), written (whole and checked under its temporary name, the rename
 * about to be sent); then sent (under its final name), taken (the gateway took it from the send
 * folder), failed (nothing of it left on the server), or recovered (the next connection after an
 * interruption dealt with it; `outcome` says how).
 */
export type SendUploadStatus =
  'queued' | 'started' | 'written' | 'sent' | 'taken' | 'failed' | 'recovered'

/** The statuses an interrupted send can be left in, each with its own recovery. */
export const UNFINISHED_SEND_STATUSES = ['queued', 'started', 'written'] as const

/** One upload as the send journal knows it. */
export interface SendUploadRow {
  readonly id: string
  readonly profileId: string
  /** Where it goes: the final name in the send folder (or in its message folder). */
  readonly remotePath: string
  readonly localPath: string
  /** The bytes being sent. */
  readonly size: number
  readonly strategy: 'direct' | 'temp-rename'
  /** The AS2 message folder it is one file of, made for it in the outbox. */
  readonly messageFolder?: string
  readonly queuedAt: number
  readonly status: SendUploadStatus
  /** `temp-rename`: the hidden name it is written under until the rename. */
  readonly temporaryPath?: string
  readonly startedAt?: number
  readonly writtenAt?: number
  /** The file's time on the server once it was written whole (the size check's STAT). */
  readonly serverModifiedAt?: number
  readonly finishedAt?: number
  readonly outcome?: string
  /** Encrypted (OpenPGP): the person's original; `localPath` is the copy made from it. */
  readonly sourcePath?: string
  /** Encrypted: to whom, signed by whom, in which form. */
  readonly pgp?: SentPgp
  /** Encrypted: when the copy was complete and flushed (the encrypt step). */
  readonly encryptedAt?: number
}

/** A step of one upload, as the send journal records it, with when it happened. */
export type SendUploadStep =
  | ({ readonly step: 'queued'; readonly at: number } & Pick<
      SendUploadRow,
      | 'id'
      | 'profileId'
      | 'remotePath'
      | 'localPath'
      | 'size'
      | 'strategy'
      | 'messageFolder'
      | 'sourcePath'
      | 'pgp'
    >)
  | {
      /** The encrypted copy is complete and flushed, `size` bytes: what will be sent. */
      readonly step: 'encrypted'
      readonly id: string
      readonly size: number
      readonly at: number
    }
  | {
      readonly step: 'started'
      readonly id: string
      readonly size: number
      readonly temporaryPath?: string
      readonly at: number
    }
  | {
      readonly step: 'written'
      readonly id: string
      readonly size: number
      readonly serverModifiedAt: number
      readonly at: number
    }
  | { readonly step: 'sent' | 'taken'; readonly id: string; readonly at: number }
  | {
      readonly step: 'failed' | 'recovered'
      readonly id: string
      readonly outcome: string
      readonly at: number
    }

interface StoredRow {
  id: string
  profile_id: string
  remote_path: string
  local_path: string
  size: number
  strategy: 'direct' | 'temp-rename'
  message_folder: string | null
  queued_at: number
  status: SendUploadStatus
  temporary_path: string | null
  started_at: number | null
  written_at: number | null
  server_modified_at: number | null
  finished_at: number | null
  outcome: string | null
  source_path: string | null
  pgp: string | null
  encrypted_at: number | null
}

/**
 * The send journal's rows: one per upload, updated step by step, kept a while after it ended.
 * Every query goes through an index, so a send costs the same with a week of sends behind it.
 */
export class SendUploadsTable {
  private readonly statements: Record<SendUploadStep['step'], StatementSync>
  private readonly unfinishedOf: StatementSync
  private readonly messageRows: StatementSync
  private readonly withId: StatementSync
  private readonly prune: StatementSync

  constructor(private readonly db: DatabaseSync) {
    this.statements = {
      queued: db.prepare(
        `INSERT INTO send_uploads (id, profile_id, remote_path, local_path, size, strategy,
           message_folder, queued_at, status, source_path, pgp)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      ),
      encrypted: db.prepare(
        `UPDATE send_uploads SET size = ?, encrypted_at = ? WHERE id = ? AND status = 'queued'`,
      ),
      // An attempt after a dropped connection, or a Retry, starts again: a new temporary name,
      // nothing written, not ended.
      started: db.prepare(
        `UPDATE send_uploads SET status = 'started', size = ?, temporary_path = ?, started_at = ?,
           written_at = NULL, server_modified_at = NULL, finished_at = NULL, outcome = NULL
         WHERE id = ?`,
      ),
      written: db.prepare(
        `UPDATE send_uploads SET status = 'written', size = ?, server_modified_at = ?,
           written_at = ?
         WHERE id = ?`,
      ),
      sent: db.prepare(`UPDATE send_uploads SET status = 'sent', finished_at = ? WHERE id = ?`),
      taken: db.prepare(`UPDATE send_uploads SET status = 'taken' WHERE id = ?`),
      failed: db.prepare(
        `UPDATE send_uploads SET status = 'failed', outcome = ?, finished_at = ? WHERE id = ?`,
      ),
      recovered: db.prepare(
        `UPDATE send_uploads SET status = 'recovered', outcome = ?, finished_at = ? WHERE id = ?`,
      ),
    }
    this.unfinishedOf = db.prepare(
      `SELECT * FROM send_uploads
       WHERE profile_id = ? AND status IN ('queued', 'started', 'written')
       ORDER BY queued_at, rowid`,
    )
    this.messageRows = db.prepare(
      `SELECT * FROM send_uploads WHERE profile_id = ? AND message_folder = ?
       ORDER BY queued_at, rowid`,
    )
    this.withId = db.prepare('SELECT * FROM send_uploads WHERE id = ?')
    this.prune = db.prepare('DELETE FROM send_uploads WHERE finished_at < ?')
  }

  /**
   * Records steps (of one upload or many, in order) in one commit, on disk when this returns,
   * and forgets uploads that ended before `keepAfter`; if it throws, none of them is recorded.
   */
  apply(steps: readonly SendUploadStep[], keepAfter?: number): void {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      for (const step of steps) this.run(step)
      if (keepAfter !== undefined) this.prune.run(keepAfter)
      this.db.exec('COMMIT')
    } catch (error) {
      // SQLite may already have rolled back (a full disk, an I/O error).
      if (this.db.isTransaction) this.db.exec('ROLLBACK')
      throw error
    }
  }

  /** The profile's uploads that did not end (queued, started or written), oldest first. */
  unfinished(profileId: string): SendUploadRow[] {
    return (this.unfinishedOf.all(profileId) as unknown as StoredRow[]).map(fromStored)
  }

  /** Every file of one message, in the order they were queued. */
  ofMessage(profileId: string, messageFolder: string): SendUploadRow[] {
    return (this.messageRows.all(profileId, messageFolder) as unknown as StoredRow[]).map(
      fromStored,
    )
  }

  byId(id: string): SendUploadRow | undefined {
    const row = this.withId.get(id) as StoredRow | undefined
    return row ? fromStored(row) : undefined
  }

  private run(step: SendUploadStep): void {
    switch (step.step) {
      case 'queued':
        this.statements.queued.run(
          step.id,
          step.profileId,
          step.remotePath,
          step.localPath,
          step.size,
          step.strategy,
          step.messageFolder ?? null,
          step.at,
          step.sourcePath ?? null,
          step.pgp ? JSON.stringify(step.pgp) : null,
        )
        return
      case 'encrypted':
        this.statements.encrypted.run(step.size, step.at, step.id)
        return
      case 'started':
        this.statements.started.run(step.size, step.temporaryPath ?? null, step.at, step.id)
        return
      case 'written':
        this.statements.written.run(step.size, step.serverModifiedAt, step.at, step.id)
        return
      case 'sent':
        this.statements.sent.run(step.at, step.id)
        return
      case 'taken':
        this.statements.taken.run(step.id)
        return
      default:
        this.statements[step.step].run(step.outcome, step.at, step.id)
    }
  }
}

function fromStored(row: StoredRow): SendUploadRow {
  const optional = <T>(value: T | null, wrap: (value: T) => object) =>
    value === null ? {} : wrap(value)
  return {
    id: row.id,
    profileId: row.profile_id,
    remotePath: row.remote_path,
    localPath: row.local_path,
    size: Number(row.size),
    strategy: row.strategy,
    queuedAt: Number(row.queued_at),
    status: row.status,
    ...optional(row.message_folder, (messageFolder) => ({ messageFolder })),
    ...optional(row.temporary_path, (temporaryPath) => ({ temporaryPath })),
    ...optional(row.started_at, (at) => ({ startedAt: Number(at) })),
    ...optional(row.written_at, (at) => ({ writtenAt: Number(at) })),
    ...optional(row.server_modified_at, (at) => ({ serverModifiedAt: Number(at) })),
    ...optional(row.finished_at, (at) => ({ finishedAt: Number(at) })),
    ...optional(row.outcome, (outcome) => ({ outcome })),
    ...optional(row.source_path, (sourcePath) => ({ sourcePath })),
    ...optional(row.pgp, (pgp) => ({ pgp: sentPgp.parse(JSON.parse(pgp)) })),
    ...optional(row.encrypted_at, (at) => ({ encryptedAt: Number(at) })),
  }
}
