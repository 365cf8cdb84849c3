import { createHash } from 'node:crypto'
import { open as openLocal, type FileHandle } from 'node:fs/promises'
import type { Client, SFTPWrapper, Stats } from 'ssh2'
import type { HostKeyInfo, RemoteEntry } from '../../../shared/domain'
import { childPath, type RemotePath } from '../../../shared/remote-path'
import { connectionLost, MailroomError, translateLocalError, translateSftpError } from '../errors'
import type { Logger } from '../logging/logger'
import { READDIR_IN_FLIGHT, readDirectory } from './read-directory'

/** What a transfer reports as it goes and how it is stopped. */
export interface TransferControl {
  readonly signal?: AbortSignal
  /** Called with the bytes done so far, after every completed request. */
  readonly onProgress?: (transferredBytes: number, totalBytes: number) => void
}

/** What a download received, and what the server held at its path once it was read. */
export interface DownloadResult {
  readonly size: number
  /** The SHA-256 of the bytes received, hex. */
  readonly sha256: string
  readonly after: RemoteStat
}

export interface RemoteStat {
  readonly kind: RemoteEntry['kind']
  readonly size: number
  readonly modifiedAt: number
}

// Requests kept in flight on one channel: enough to fill ssh2's fixed 2 MiB channel window.
const REQUESTS_IN_FLIGHT = 16
// ssh2 splits a larger read or write into sequential requests of its packet limit, which would
// serialise the pipeline; OpenSSH's limit is 255 KiB (`limits@openssh.com`), others ~32 KiB.
const FALLBACK_REQUEST_BYTES = 32 * 1024

/**
 * One logged-in SFTP channel on one SSH connection: the remote operations Mailroom needs, each
 * translating failures into MailroomErrors that name the path and the host. Paths are relative
 * to the login folder.
 */
export class SftpSession {
  private closed = false
  private closeReason: MailroomError | undefined
  private readonly closeListeners = new Set<(reason?: MailroomError) => void>()

  constructor(
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    readonly host: string,
    readonly hostKey: HostKeyInfo,
    private readonly logger: Logger,
    /** One request in flight, of at most 32 KiB: for servers that mishandle pipelining. */
    private readonly conservative = false,
  ) {
    // Only close() ends it on purpose (and marks it closed first): any other end is a drop,
    // whether the server sent an error, closed cleanly, or the socket was cut.
    const onEnd = (error?: Error) => this.markClosed(connectionLost(host, error))
    client.on('error', onEnd)
    client.on('close', () => onEnd())
    sftp.on('close', () => onEnd())
  }

  /**
   * How many files the server lets one session have open at once, where it says
   * (`limits@openssh.com`); undefined where it does not.
   */
  get maxOpenHandles(): number | undefined {
    const handles = (this.sftp as unknown as { maxOpenHandles?: unknown }).maxOpenHandles
    // ssh2 says Infinity where the server gave 0 (no limit).
    return typeof handles === 'number' && Number.isFinite(handles) && handles > 0
      ? handles
      : undefined
  }

  get isOpen(): boolean {
    return !this.closed
  }

  /** `listener` runs once when the connection ends; `reason` is set unless `close()` ended it. */
  onClose(listener: (reason?: MailroomError) => void): () => void {
    if (this.closed) {
      queueMicrotask(() => listener(this.closeReason))
      return () => {}
    }
    this.closeListeners.add(listener)
    return () => this.closeListeners.delete(listener)
  }

  close(): void {
    if (this.closed) return
    this.markClosed(undefined)
    this.client.end()
  }

  /**
   * Gives up on a connection an operation found broken (ssh2 can fail a request before it
   * reports the connection's end): ends it as a drop, so whoever owns it reconnects at once.
   */
  abandon(reason: MailroomError): void {
    if (this.closed) return
    this.markClosed(reason)
    this.client.destroy()
  }

  /**
   * The entries of a folder, without `.` and `..` and without names no path can address. Read
   * batch by batch (a server sends about a hundred names per reply), so a large folder reports
   * progress and can be cancelled between batches.
   */
  async list(
    path: RemotePath,
    control: { signal?: AbortSignal; onProgress?: (count: number) => void } = {},
  ): Promise<RemoteEntry[]> {
    const handle = await this.run<Buffer>('list', path, (done) =>
      this.sftp.opendir(wire(path), done),
    )
    const result: RemoteEntry[] = []
    try {
      // Several READDIRs in flight: one at a time, a folder of 10,000 cost ~100 round trips.
      await this.run('list', path, (done) => {
        readDirectory(this.sftp, handle, {
          requestsInFlight: this.conservative ? 1 : READDIR_IN_FLIGHT,
          signal: control.signal,
          onBatch: (batch) => {
            for (const entry of batch) {
              if (entry.filename === '.' || entry.filename === '..') continue
              if (
                entry.filename.includes('/') ||
                entry.filename.includes('\0') ||
                entry.filename === ''
              ) {
                this.logger.warn('Skipped a listed name that no path can address', {
                  host: this.host,
                  folder: path,
                  name: entry.filename,
                })
                continue
              }
              result.push({
                name: entry.filename,
                path: childPath(path, entry.filename),
                kind: kindOf(entry.attrs.mode),
                size: entry.attrs.size ?? 0,
                modifiedAt: (entry.attrs.mtime ?? 0) * 1000,
              })
            }
            control.onProgress?.(result.length)
          },
        }).then(
          () => done(undefined, undefined),
          (error: unknown) => done(error as Error, undefined),
        )
      })
    } finally {
      await this.closeHandle(handle, path)
    }
    return result
  }

  async stat(path: RemotePath): Promise<RemoteStat> {
    const stats = await this.run<Stats>('read the details of', path, (done) =>
      this.sftp.stat(wire(path), done),
    )
    return statOf(stats)
  }

  async mkdir(path: RemotePath): Promise<void> {
    await this.run('create the folder', path, (done) => this.sftp.mkdir(wire(path), done))
  }

  /** Renames without overwriting: plain SFTP rename fails when `to` exists, which is what we want. */
  async rename(from: RemotePath, to: RemotePath): Promise<void> {
    await this.run('rename', from, (done) => this.sftp.rename(wire(from), wire(to), done))
  }

  /**
   * Moves a finished temporary upload to its final name in one step: with
   * posix-rename@openssh.com (an atomic rename(2)) when the server offers it, else plain rename.
   */
  async renameIntoPlace(from: RemotePath, to: RemotePath): Promise<void> {
    // ssh2 keeps the server's advertised extensions on a private field.
    const extensions =
      (this.sftp as unknown as { _extensions?: Record<string, string> })._extensions ?? {}
    if (extensions['posix-rename@openssh.com'] === '1') {
      await this.run('rename', from, (done) =>
        this.sftp.ext_openssh_rename(wire(from), wire(to), done),
      )
    } else {
      await this.rename(from, to)
    }
  }

  async remove(path: RemotePath): Promise<void> {
    await this.run('delete', path, (done) => this.sftp.unlink(wire(path), done))
  }

  /** Removes an empty folder; never recursive, so a file that arrived meanwhile stays. */
  async rmdir(path: RemotePath): Promise<void> {
    await this.run('remove the folder', path, (done) => this.sftp.rmdir(wire(path), done))
  }

  /**
   * Writes the local file to `remotePath` (created or truncated) with requests pipelined. Sends
   * no SETSTAT: S3-backed gateways refuse it and some report a good upload as failed.
   */
  async upload(
    localPath: string,
    remotePath: RemotePath,
    control: TransferControl = {},
  ): Promise<number> {
    const local = await openLocalFile(localPath, 'r', 'read')
    try {
      const { size } = await local.stat().catch((error: unknown) => {
        throw translateLocalError(error, 'read', localPath)
      })
      throwIfAborted(control.signal)
      const handle = await this.run<Buffer>('create', remotePath, (done) =>
        this.sftp.open(wire(remotePath), 'w', done),
      )
      try {
        await this.pipeline(
          0,
          size,
          this.requestBytes('_maxWriteLen'),
          control,
          async (position, length) => {
            const chunk = Buffer.allocUnsafe(length)
            const { bytesRead } = await local
              .read(chunk, 0, length, position)
              .catch((error: unknown) => {
                throw translateLocalError(error, 'read', localPath)
              })
            if (bytesRead !== length) {
              throw new MailroomError(
                'local-io',
                `${localPath} changed while it was being sent. Send it again once it is complete.`,
              )
            }
            await this.run('write', remotePath, (done) =>
              this.sftp.write(handle, chunk, 0, length, position, (error) => done(error)),
            )
            return length
          },
        )
      } finally {
        await this.closeHandle(handle, remotePath)
      }
      return size
    } finally {
      await local.close()
    }
  }

  /**
   * Reads `remotePath` into a new local file (which must not exist yet) with requests pipelined,
   * hashing it in order as the pieces arrive, and flushes it to disk before returning. Given the
   * size a listing saw, the reads start at once instead of after an FSTAT; a STAT by path and the
   * CLOSE then go out together, so what the server holds at that path after the read (the same
   * file, not grown, not replaced) costs no round trip of its own. Given a `partial` from an
   * attempt that a dropped connection ended, it carries on after the bytes that attempt saved.
   */
  async download(
    remotePath: RemotePath,
    localPath: string,
    control: TransferControl = {},
    listedSize?: number,
    partial: PartialDownload = new PartialDownload(),
  ): Promise<DownloadResult> {
    const handle = await this.run<Buffer>('open', remotePath, (done) =>
      this.sftp.open(wire(remotePath), 'r', done),
    )
    let closed = false
    try {
      const size =
        listedSize ??
        statOf(
          await this.run<Stats>('read the size of', remotePath, (done) =>
            this.sftp.fstat(handle, done),
          ),
        ).size
      const local = await openLocalFile(localPath, partial.started ? 'r+' : 'wx', 'create')
      partial.started = true
      try {
        // Pieces after a gap were written but not hashed: cut them off and read them again.
        const start = partial.hash.resume()
        await local.truncate(start).catch((error: unknown) => {
          throw translateLocalError(error, 'write', localPath)
        })
        await this.pipeline(
          start,
          size,
          this.requestBytes('_maxReadLen'),
          control,
          async (position, length) => {
            const chunk = Buffer.allocUnsafe(length)
            const bytesRead = await this.run<number>('read', remotePath, (done) =>
              this.sftp.read(handle, chunk, 0, length, position, (error, count) =>
                done(error, count),
              ),
            )
            if (bytesRead === 0) {
              throw new MailroomError(
                'verify-failed',
                `${JSON.stringify(remotePath)} on ${this.host} became shorter while it was read. Nothing was deleted; pick it up again.`,
              )
            }
            await local.write(chunk, 0, bytesRead, position).catch((error: unknown) => {
              throw translateLocalError(error, 'write', localPath)
            })
            partial.hash.add(position, chunk.subarray(0, bytesRead))
            return bytesRead
          },
        )
        closed = true
        const [after] = await Promise.all([
          this.stat(remotePath),
          this.closeHandle(handle, remotePath),
          local.sync().catch((error: unknown) => {
            throw translateLocalError(error, 'save', localPath)
          }),
        ])
        return { size, sha256: partial.hash.digest(size), after }
      } finally {
        await local.close()
      }
    } finally {
      if (!closed) await this.closeHandle(handle, remotePath)
    }
  }

  /**
   * Runs `transfer(position, length)` over [start, size) with up to REQUESTS_IN_FLIGHT at once. A
   * request that moved fewer bytes than asked (a short read) has its remainder queued again.
   */
  private async pipeline(
    start: number,
    size: number,
    requestBytes: number,
    control: TransferControl,
    transfer: (position: number, length: number) => Promise<number>,
  ): Promise<void> {
    const pending: Array<[number, number]> = []
    for (let position = start; position < size; position += requestBytes)
      pending.push([position, Math.min(requestBytes, size - position)])
    let done = start
    let failure: unknown
    const worker = async () => {
      while (failure === undefined) {
        const next = pending.shift()
        if (!next) return
        const [position, length] = next
        try {
          throwIfAborted(control.signal)
          const moved = await transfer(position, length)
          if (moved < length) pending.unshift([position + moved, length - moved])
          done += moved
          control.onProgress?.(done, size)
        } catch (error) {
          failure ??= error
        }
      }
    }
    const inFlight = this.conservative ? 1 : REQUESTS_IN_FLIGHT
    await Promise.all(
      Array.from({ length: Math.min(inFlight, Math.max(pending.length, 1)) }, worker),
    )
    if (failure !== undefined) throw failure
    control.onProgress?.(done, size)
  }

  private requestBytes(field: '_maxReadLen' | '_maxWriteLen'): number {
    // ssh2 keeps the negotiated limit on a private field; without it requests stay small.
    const limit = (this.sftp as unknown as Record<string, unknown>)[field]
    const negotiated = typeof limit === 'number' && limit > 0 ? limit : FALLBACK_REQUEST_BYTES
    return this.conservative ? Math.min(negotiated, FALLBACK_REQUEST_BYTES) : negotiated
  }

  private async closeHandle(handle: Buffer, path: RemotePath): Promise<void> {
    if (this.closed) return
    await this.run('close', path, (done) => this.sftp.close(handle, done))
  }

  /** Runs one ssh2 call, turning its callback into a promise and its error into a MailroomError. */
  private run<T = void>(
    operation: string,
    path: RemotePath,
    start: (done: (error: Error | null | undefined, value: T) => void) => void,
  ): Promise<T> {
    if (this.closed) return Promise.reject(this.closeReason ?? connectionLost(this.host))
    return new Promise<T>((resolve, reject) => {
      start((error, value) => {
        if (error) reject(translateSftpError(error, { operation, path, host: this.host }))
        else resolve(value as T)
      })
    })
  }

  private markClosed(reason: MailroomError | undefined): void {
    if (this.closed) return
    this.closed = true
    this.closeReason = reason
    if (reason)
      this.logger.warn('SFTP connection ended', { host: this.host, reason: reason.message })
    for (const listener of this.closeListeners) listener(reason)
    this.closeListeners.clear()
  }
}

/**
 * How far a download got: the local file exists once `started`, and its first `savedBytes` are
 * written and hashed. Passed to the next attempt after a dropped connection, so it resumes there.
 */
export class PartialDownload {
  started = false
  readonly hash = new InOrderHash()

  get savedBytes(): number {
    return this.hash.hashedBytes
  }
}

/**
 * SHA-256 of a file whose pieces arrive out of order (pipelined reads): each piece is kept until
 * those before it have arrived, so the file is never read again to hash it. What is kept is at
 * most the requests in flight.
 */
class InOrderHash {
  private readonly hash = createHash('sha256')
  private readonly waiting = new Map<number, Buffer>()
  private hashed = 0

  get hashedBytes(): number {
    return this.hashed
  }

  /** Forgets pieces after the first gap (they are read again) and says where the gap starts. */
  resume(): number {
    this.waiting.clear()
    return this.hashed
  }

  add(position: number, piece: Buffer): void {
    this.waiting.set(position, piece)
    for (let next = this.waiting.get(this.hashed); next; next = this.waiting.get(this.hashed)) {
      this.waiting.delete(this.hashed)
      this.hash.update(next)
      this.hashed += next.length
    }
  }

  digest(size: number): string {
    if (this.hashed !== size) throw new Error(`hashed ${this.hashed} of ${size} bytes`)
    return this.hash.digest('hex')
  }
}

/** ssh2 wants '.' for the login folder; other relative paths are sent as they are. */
function wire(path: RemotePath): string {
  return path === '' ? '.' : path
}

const S_IFMT = 0o170000
function kindOf(mode: number | undefined): RemoteEntry['kind'] {
  switch ((mode ?? 0) & S_IFMT) {
    case 0o100000:
      return 'file'
    case 0o040000:
      return 'directory'
    case 0o120000:
      return 'symlink'
    default:
      return 'other'
  }
}

function statOf(stats: Stats): RemoteStat {
  return { kind: kindOf(stats.mode), size: stats.size ?? 0, modifiedAt: (stats.mtime ?? 0) * 1000 }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MailroomError('cancelled', 'Cancelled.')
}

async function openLocalFile(
  path: string,
  flags: 'r' | 'r+' | 'wx',
  verb: string,
): Promise<FileHandle> {
  try {
    return await openLocal(path, flags)
  } catch (error) {
    throw translateLocalError(error, verb, path)
  }
}
