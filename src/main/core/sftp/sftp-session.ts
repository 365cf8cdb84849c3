import type { HostKeyInfo, LoginReport, RemoteEntry } from '../../../shared/domain'
import type { RemotePath } from '../../../shared/remote-path'
import type { MailroomError } from '../errors'

/**
 * What Mailroom needs of an SFTP server, and nothing of how it is reached: the transfer engine,
 * pickup, sending and the mailbox layouts are written against these interfaces, and only the
 * ssh2 adapter (ssh2-session.ts) knows ssh2. Paths are relative to the login folder. Every
 * failure is a MailroomError that names the operation, the path and the host (core/errors.ts).
 */

/** A path's kind, size and modification time, as the server reports them. */
export interface RemoteStat {
  readonly kind: RemoteEntry['kind']
  readonly size: number
  readonly modifiedAt: number
}

/** A file open on the server, on the channel that opened it. */
export interface RemoteHandle {
  readonly path: RemotePath
}

/**
 * What one session may ask of the server at once, as the server states it
 * (`limits@openssh.com`), clamped to bounds Mailroom can hold in memory (server-limits.ts).
 */
export interface ServerLimits {
  /** The most bytes one READ asks for. */
  readonly readBytes: number
  /** The most bytes one WRITE carries. */
  readonly writeBytes: number
  /** Files the server lets one session have open at once; undefined where it does not say. */
  readonly openHandles: number | undefined
}

/**
 * The file operations of one SFTP channel, by handle: the session's own channel, or one of the
 * extra channels a large download over a long round trip reads on at the same time. A server
 * answers the requests on one handle in the order they were sent (draft-ietf-secsh-filexfer-02,
 * 6.1), which the engine relies on: an FSTAT sent behind a file's reads sees the file as they
 * left it.
 */
export interface FileChannel {
  open(path: RemotePath, mode: 'r' | 'w'): Promise<RemoteHandle>
  /** Reads up to `length` bytes at `position` into `buffer` at `offset`; 0 at the end of the file. */
  read(
    handle: RemoteHandle,
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<number>
  write(
    handle: RemoteHandle,
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<void>
  fstat(handle: RemoteHandle): Promise<RemoteStat>
  /** Closes the file; nothing to do once the connection has ended (the server closed it). */
  closeFile(handle: RemoteHandle): Promise<void>
}

/**
 * The most entries one listing takes (some 60 MB of them): a hostile server streaming names
 * for ever would otherwise exhaust memory, in the background check for new files too.
 */
export const MOST_LISTED_ENTRIES = 200_000

/** How a folder listing reports progress and is stopped. */
export interface ListControl {
  readonly signal?: AbortSignal
  /** Called with the number of entries read so far, batch by batch. */
  readonly onProgress?: (count: number) => void
  /** Told of each listed name left out, and why (one no path can address). */
  readonly onSkipped?: (name: string, reason: string) => void
}

/**
 * One logged-in SFTP session on one connection: the remote operations of the protocol that
 * Mailroom uses. Anything that ends the connection other than `close()` is a drop: `onClose`
 * listeners get its reason, and whoever owns the session reconnects.
 */
export interface SftpSession extends FileChannel {
  readonly host: string
  readonly hostKey: HostKeyInfo
  /** How the login went (methods, what the server allows), for the session log; no secret. */
  readonly login?: LoginReport
  readonly limits: ServerLimits
  /**
   * The profile's conservative mode: one request in flight, of at most 32 KiB, one READDIR at a
   * time, for servers that mishandle pipelining.
   */
  readonly conservative: boolean
  readonly isOpen: boolean
  /** `listener` runs once when the connection ends; `reason` is set unless `close()` ended it. */
  onClose(listener: (reason?: MailroomError) => void): () => void
  close(): void
  /**
   * Gives up on a connection an operation found broken (a request can fail before the
   * connection reports its end): ends it as a drop, so whoever owns it reconnects at once.
   */
  abandon(reason: MailroomError): void

  /**
   * The entries of a folder, without `.`, `..` and names no path can address (each told to
   * `onSkipped`); fails with `not-supported` past MOST_LISTED_ENTRIES.
   */
  list(path: RemotePath, control?: ListControl): Promise<RemoteEntry[]>
  stat(path: RemotePath): Promise<RemoteStat>
  mkdir(path: RemotePath): Promise<void>
  /** Removes an empty folder; never recursive, so a file that arrived meanwhile stays. */
  rmdir(path: RemotePath): Promise<void>
  remove(path: RemotePath): Promise<void>
  /** Renames without overwriting: it fails when `to` exists, which is what Mailroom wants. */
  rename(from: RemotePath, to: RemotePath): Promise<void>
  /**
   * Moves a finished temporary upload to its final name in one step: an atomic rename(2) where
   * the server offers one (posix-rename@openssh.com), else a plain rename.
   */
  renameIntoPlace(from: RemotePath, to: RemotePath): Promise<void>
  /**
   * Up to `count` more channels on the same connection, opened the first time they are wanted
   * and kept; fewer (or none) where the server refuses them. Never fails.
   */
  extraChannels(count: number): Promise<readonly FileChannel[]>
}
