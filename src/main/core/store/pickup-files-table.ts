import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { signatureVerdict, type SignatureVerdict } from '../../../shared/pgp'

export type PickupStatus =
  'listed' | 'verified' | 'decrypted' | 'saved' | 'deleted' | 'kept' | 'abandoned'

/** One picked-up file as the journal knows it: how far it got, and where it went. */
export interface PickupFileRow {
  readonly id: string
  readonly profileId: string
  readonly remotePath: string
  readonly size: number
  readonly modifiedAt: number
  readonly localFolder: string
  /** When it was listed for this pickup. */
  readonly at: number
  readonly status: PickupStatus
  readonly localPath?: string
  readonly sha256?: string
  readonly savedAt?: number
  readonly reason?: string
  /** Decrypted (OpenPGP): the SHA-256 of the plaintext, and what its signature proved. */
  readonly plainSha256?: string
  readonly verdict?: SignatureVerdict
  /** Where the encrypted original was kept beside the decrypted file, when asked. */
  readonly encryptedPath?: string
  /** Why a file was kept encrypted ("encrypted for key 0x…"), or what its signature proved. */
  readonly note?: string
}

/** A step of one file's pickup, as the journal records it, with when it happened. */
export type PickupFileStep =
  | ({ readonly step: 'listed' } & Omit<PickupFileRow, 'status'>)
  | { readonly step: 'verified'; readonly id: string; readonly sha256: string; readonly at: number }
  | {
      readonly step: 'decrypted'
      readonly id: string
      readonly plainSha256: string
      readonly verdict: SignatureVerdict
      readonly at: number
    }
  | {
      readonly step: 'saved'
      readonly id: string
      readonly localPath: string
      readonly sha256: string
      readonly encryptedPath?: string
      readonly note?: string
      readonly at: number
    }
  | {
      /** A detached signature checked after the file was saved: no step of its own. */
      readonly step: 'signature-checked'
      readonly id: string
      readonly verdict: SignatureVerdict
      readonly note: string
      readonly at: number
    }
  | { readonly step: 'deleted'; readonly id: string; readonly at: number }
  | {
      readonly step: 'kept' | 'abandoned'
      readonly id: string
      readonly reason: string
      readonly at: number
    }

interface StoredRow {
  id: string
  profile_id: string
  remote_path: string
  size: number
  modified_at: number
  local_folder: string
  listed_at: number
  status: PickupStatus
  local_path: string | null
  sha256: string | null
  saved_at: number | null
  reason: string | null
  plain_sha256: string | null
  verdict: string | null
  encrypted_path: string | null
  note: string | null
}

/**
 * The pickup journal's rows: one per file and pickup, updated step by step. Every query a pickup
 * makes goes through an index, so starting one costs the same with a million files in the
 * history as with none.
 */
export class PickupFilesTable {
  private readonly statements: Record<PickupFileStep['step'], StatementSync>
  private readonly unfinishedOf: StatementSync
  private readonly pickedUpOf: StatementSync
  private readonly newestSaved: StatementSync
  private readonly withLocalPath: StatementSync

  constructor(private readonly db: DatabaseSync) {
    this.statements = {
      listed: db.prepare(
        `INSERT OR REPLACE INTO pickup_files
           (id, profile_id, remote_path, size, modified_at, local_folder, listed_at, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'listed')`,
      ),
      verified: db.prepare(`UPDATE pickup_files SET status = 'verified', sha256 = ? WHERE id = ?`),
      decrypted: db.prepare(
        `UPDATE pickup_files SET status = 'decrypted', plain_sha256 = ?, verdict = ? WHERE id = ?`,
      ),
      saved: db.prepare(
        `UPDATE pickup_files SET status = 'saved', local_path = ?, sha256 = ?, saved_at = ?,
           encrypted_path = ?, note = ?
         WHERE id = ?`,
      ),
      'signature-checked': db.prepare(`UPDATE pickup_files SET verdict = ?, note = ? WHERE id = ?`),
      deleted: db.prepare(`UPDATE pickup_files SET status = 'deleted' WHERE id = ?`),
      kept: db.prepare(`UPDATE pickup_files SET status = 'kept', reason = ? WHERE id = ?`),
      abandoned: db.prepare(
        `UPDATE pickup_files SET status = 'abandoned', reason = ? WHERE id = ?`,
      ),
    }
    this.unfinishedOf = db.prepare(
      `SELECT * FROM pickup_files
       WHERE profile_id = ? AND status IN ('listed', 'verified', 'decrypted', 'saved')
       ORDER BY listed_at`,
    )
    this.pickedUpOf = db.prepare(
      `SELECT * FROM pickup_files WHERE profile_id = ? AND status IN ('saved', 'kept')`,
    )
    this.newestSaved = db.prepare(
      `SELECT * FROM pickup_files
       WHERE saved_at IS NOT NULL AND local_path IS NOT NULL AND sha256 IS NOT NULL
         AND status != 'abandoned'
       ORDER BY saved_at DESC LIMIT ?`,
    )
    this.withLocalPath = db.prepare(
      'SELECT * FROM pickup_files WHERE local_path = ? AND local_path IS NOT NULL LIMIT 1',
    )
  }

  /**
   * Records steps (of one file or many, in order) in one commit: on disk when this returns; if it
   * throws, none of them is recorded.
   */
  apply(steps: readonly PickupFileStep[]): void {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      for (const step of steps) this.run(step)
      this.db.exec('COMMIT')
    } catch (error) {
      // SQLite may already have rolled back (a full disk, an I/O error): a second ROLLBACK
      // would fail and hide the error that says why.
      if (this.db.isTransaction) this.db.exec('ROLLBACK')
      throw error
    }
  }

  /** The profile's files a pickup did not finish (listed, verified, or saved but not yet gone). */
  unfinished(profileId: string): PickupFileRow[] {
    return (this.unfinishedOf.all(profileId) as unknown as StoredRow[]).map(fromStored)
  }

  /** The profile's files saved locally whose server copy is still there (kept, or not yet gone). */
  pickedUp(profileId: string): PickupFileRow[] {
    return (this.pickedUpOf.all(profileId) as unknown as StoredRow[]).map(fromStored)
  }

  /** The files saved locally, newest first. */
  history(limit: number): PickupFileRow[] {
    return (this.newestSaved.all(limit) as unknown as StoredRow[]).map(fromStored)
  }

  byLocalPath(localPath: string): PickupFileRow | undefined {
    const row = this.withLocalPath.get(localPath) as StoredRow | undefined
    return row ? fromStored(row) : undefined
  }

  private run(step: PickupFileStep): void {
    switch (step.step) {
      case 'listed':
        this.statements.listed.run(
          step.id,
          step.profileId,
          step.remotePath,
          step.size,
          step.modifiedAt,
          step.localFolder,
          step.at,
        )
        return
      case 'verified':
        this.statements.verified.run(step.sha256, step.id)
        return
      case 'decrypted':
        this.statements.decrypted.run(step.plainSha256, JSON.stringify(step.verdict), step.id)
        return
      case 'saved':
        this.statements.saved.run(
          step.localPath,
          step.sha256,
          step.at,
          step.encryptedPath ?? null,
          step.note ?? null,
          step.id,
        )
        return
      case 'signature-checked':
        this.statements['signature-checked'].run(JSON.stringify(step.verdict), step.note, step.id)
        return
      case 'deleted':
        this.statements.deleted.run(step.id)
        return
      default:
        this.statements[step.step].run(step.reason, step.id)
    }
  }
}

function fromStored(row: StoredRow): PickupFileRow {
  return {
    id: row.id,
    profileId: row.profile_id,
    remotePath: row.remote_path,
    size: Number(row.size),
    modifiedAt: Number(row.modified_at),
    localFolder: row.local_folder,
    at: Number(row.listed_at),
    status: row.status,
    ...(row.local_path === null ? {} : { localPath: row.local_path }),
    ...(row.sha256 === null ? {} : { sha256: row.sha256 }),
    ...(row.saved_at === null ? {} : { savedAt: Number(row.saved_at) }),
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.plain_sha256 === null ? {} : { plainSha256: row.plain_sha256 }),
    ...(row.verdict === null ? {} : { verdict: signatureVerdict.parse(JSON.parse(row.verdict)) }),
    ...(row.encrypted_path === null ? {} : { encryptedPath: row.encrypted_path }),
    ...(row.note === null ? {} : { note: row.note }),
  }
}
