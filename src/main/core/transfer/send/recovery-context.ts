import type { ProfileId } from '../../../../shared/domain'
import type { Preset } from '../../../../shared/presets'
import type { RecoveredSend } from '../../../../shared/recovered-send'
import type { RemotePath } from '../../../../shared/remote-path'
import type { RemoteStat } from '../../sftp/sftp-session'
import type { SendUploadRow } from '../../store/send-uploads-table'
import type { SendJournal } from './send-journal'
import type { EncryptedSource } from './encrypted-copies'

/**
 * How far a file's time on the server may be from Mailroom's clock for the file to count as one
 * Mailroom wrote: servers' clocks drift, and SFTP gives whole seconds. A file last changed more
 * than this before its upload started, or after now, is someone else's.
 */
export const CLOCK_TOLERANCE_MS = 10 * 60_000

/** What recovering a profile's interrupted sends needs. */
export interface SendRecoveryContext {
  readonly profileId: ProfileId
  readonly preset: Preset
  readonly journal: SendJournal
  /** Only find: change nothing on the server or in the journal (`mailroom check`). */
  readonly reportOnly: boolean
  /** The names sent to `folder` within the gateway's duplicate window, for a suffixed name. */
  readonly recentNames: (folder: RemotePath) => ReadonlySet<string>
  /**
   * Told of a name the gateway may have received a partial file under, so its duplicate rule
   * counts it as sent (the app's duplicate check, and `--rename-duplicates`, then see it).
   */
  readonly nameMaySeemSent?: (folder: RemotePath, name: string, at: number) => void
  readonly now: () => number
  /** Removes an upload's encrypted copy once recovery has dealt with it (OpenPGP). */
  readonly dropCopy?: (uploadId: string) => Promise<void>
}

/** The journal record's original and encryption, where it was sent encrypted. */
export function encryptedSourceOf(row: SendUploadRow): EncryptedSource | undefined {
  return row.sourcePath !== undefined && row.pgp
    ? { sourcePath: row.sourcePath, pgp: row.pgp }
    : undefined
}

/** What the person is told of one interrupted upload or message (its Transfers row aside). */
export type RecoveryReport = Omit<RecoveredSend, 'transferId'>

/** Sending an interrupted upload or message again, where that is offered. */
export type SendAgain =
  | {
      readonly kind: 'file'
      readonly localPath: string
      readonly remotePath: RemotePath
      /** Sent encrypted: made again from the original, the copy being gone. */
      readonly encrypted?: EncryptedSource
      /** A partial copy of ours to remove first, if it is still as recovery found it. */
      readonly removeFirst?: { readonly path: RemotePath; readonly found: RemoteStat }
    }
  | {
      readonly kind: 'message'
      readonly outbox: RemotePath
      readonly files: ReadonlyArray<{
        readonly localPath: string
        readonly name: string
        readonly encrypted?: EncryptedSource
      }>
    }

/** What recovery found of one upload or message, and what follows from it. */
export interface Recovery {
  readonly report: RecoveryReport
  /** An AS2 message found within its quiet time: these files go into its folder now. */
  readonly complete?: { readonly folder: RemotePath; readonly files: readonly SendUploadRow[] }
  readonly again?: SendAgain
}

/** Whether the file found is the one the journal says Mailroom wrote: size and time. */
export function writtenByMailroom(found: RemoteStat, row: SendUploadRow, now: number): boolean {
  if (found.kind !== 'file') return false
  if (row.status === 'written')
    return found.size === row.size && found.modifiedAt === row.serverModifiedAt
  const since = (row.startedAt ?? row.queuedAt) - CLOCK_TOLERANCE_MS
  return (
    found.size <= row.size &&
    found.modifiedAt >= since &&
    found.modifiedAt <= now + CLOCK_TOLERANCE_MS
  )
}
