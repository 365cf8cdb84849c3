import { open as openLocal, type FileHandle } from 'node:fs/promises'
import type { Client, SFTPWrapper, Stats } from 'ssh2'
import type { HostKeyInfo, RemoteEntry } from '../../../shared/domain'
import { childPath, type RemotePath } from '../../../shared/remote-path'
import {
  connectionLost,
  MailroomError,
  toApiError,
  translateLocalError,
  translateSftpError,
} from '../errors'
import type { Logger } from '../logging/logger'
import { BlockPipeline, moveInRequests, type Block, type Lane } from './block-pipeline'
import { ExtraChannels } from './extra-channels'
import { InOrderWriter, PartialDownload } from './in-order-writer'
import { READDIR_IN_FLIGHT, readDirectory } from './read-directory'

export { PartialDownload }

/** What a transfer reports as it goes and how it is stopped. */
export interface TransferControl {
  readonly signal?: AbortSignal
  /** Called with the bytes done so far as they move (a download: saved to disk). */
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

const MIB = 1024 * 1024
// A block is the unit of local I/O (a download writes and hashes it, an upload reads it) and of
// scheduling (its requests go out together): ~1 MiB, a whole number of requests.
const BLOCK_BYTES = MIB
// A download's bytes in flight on each channel: ssh2's whole receive window (2 MiB), so the
// server always has a request to answer while the window lets it send. More only waits there.
// In bytes, not requests: ProFTPD's requests are 32 KiB, and 16 of them kept only 512 KiB moving.
const DOWNLOAD_BYTES_IN_FLIGHT_PER_LANE = 2 * MIB
// An upload's bytes in flight: twice the 2 MiB window OpenSSH's sshd gives a channel, so the
// window is topped up again as soon as the server acknowledges; ProFTPD's is 4 GiB.
const UPLOAD_BYTES_IN_FLIGHT = 4 * MIB
// Channels (lanes) for one large download, the session's own included: each adds ~1 MiB a
// round trip (ExtraChannels), and each costs the server a process; this is 63 MiB/s at 50 ms.
const MOST_LANES = 4
// What the lanes of one download aim to carry, so a short round trip keeps to one channel:
// up to 12 ms one channel can do it (80 MiB/s), at 50 ms four lanes are wanted.
const LANE_TARGET_BYTES_A_SECOND = 80 * MIB
// Below this much left to read per lane, opening another channel costs more than it saves.
const LEAST_BYTES_A_LANE = 4 * MIB
// ssh2 splits a larger read or write into sequential requests of its packet limit, which would
// serialise the pipeline; OpenSSH's limit is 255 KiB (`limits@openssh.com`), others ~32 KiB.
const FALLBACK_REQUEST_BYTES = 32 * 1024
// A read whose reply (13 bytes of header, then the data) fits one SSH channel packet of ssh2's
// 32 KiB comes out of ssh2 in one piece; a 255 KiB one is copied into a buffer of its own first.
// Measured on a 512 MiB loopback download: peak memory 6-10 MiB lower, CPU no higher.
const ONE_PACKET_READ_BYTES = 32 * 1024 - 13

/**
 * One logged-in SFTP channel on one SSH connection (and a few more on it for large downloads
 * over a long round trip): the remote operations Mailroom needs, each translating failures into
 * MailroomErrors that name the path and the host. Paths are relative to the login folder.
 */
export class SftpSession {
  private closed = false
  private closeReason: MailroomError | undefined
  private readonly closeListeners = new Set<(reason?: MailroomError) => void>()
  /** The requests sent and not yet answered, each one's reject: failed when the link ends. */
  private readonly unanswered = new Set<(reason: MailroomError) => void>()
  private readonly extra: ExtraChannels

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
    // 'end' comes first: nothing more will be answered on the channel once it is seen.
    sftp.on('end', () => onEnd())
    sftp.on('close', () => onEnd())
    // The channel may have ended before this session existed: ssh2 reads on through a batch of
    // packets (an EOF right behind the SFTP version reply) before the opener's promise goes on.
    if ((sftp as unknown as { readable?: unknown }).readable === false) onEnd()
    this.extra = new ExtraChannels(client, host, logger, MOST_LANES - 1)
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
   * no SETSTAT: S3-backed gateways refuse it and some report a good upload as failed. Always on
   * the one channel, one handle, writes in file order: an S3-backed server (AWS Transfer Family)
   * warns that one file written over several connections at once "can fail in unpredictable
   * ways", and a watcher there could see a file with holes.
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
        const plan = this.plan('_maxWriteLen', UPLOAD_BYTES_IN_FLIGHT, 1)
        let done = 0
        const pipeline: BlockPipeline = new BlockPipeline({
          start: 0,
          size,
          blockBytes: plan.blockBytes,
          buffers: plan.buffers,
          signal: control.signal,
          fill: async (block) => {
            const { bytesRead } = await local
              .read(block.buffer, 0, block.length, block.position)
              .catch((error: unknown) => {
                throw translateLocalError(error, 'read', localPath)
              })
            if (bytesRead !== block.length) {
              throw new MailroomError(
                'local-io',
                `${localPath} changed while it was being sent. Send it again once it is complete.`,
              )
            }
          },
          moved: (block) => {
            pipeline.release(block)
            done += block.length
            control.onProgress?.(done, size)
          },
        })
        pipeline.addLane({
          blocks: plan.blocksPerLane,
          move: (block) =>
            moveInRequests(block, plan.requestBytes, async (offset, length) => {
              await this.run('write', remotePath, (finished) =>
                this.sftp.write(
                  handle,
                  block.buffer,
                  offset,
                  length,
                  block.position + offset,
                  (error) => finished(error),
                ),
              )
              return length
            }),
        })
        await pipeline.done()
        control.onProgress?.(size, size)
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
   * Over a long round trip a large file is read over several channels at once (ExtraChannels),
   * each with its own handle, all taking the next request from one queue.
   */
  async download(
    remotePath: RemotePath,
    localPath: string,
    control: TransferControl = {},
    listedSize?: number,
    partial: PartialDownload = new PartialDownload(),
  ): Promise<DownloadResult> {
    const asked = performance.now()
    const handle = await this.run<Buffer>('open', remotePath, (done) =>
      this.sftp.open(wire(remotePath), 'r', done),
    )
    const roundTripMs = performance.now() - asked
    const handles: Array<readonly [SFTPWrapper, Buffer]> = [[this.sftp, handle]]
    let closed = false
    const closeAll = () =>
      Promise.all(handles.map(([channel, each]) => this.closeHandle(each, remotePath, channel)))
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
        // Bytes after the saved ones may have been written but not hashed: cut them off.
        const start = partial.savedBytes
        await local.truncate(start).catch((error: unknown) => {
          throw translateLocalError(error, 'write', localPath)
        })
        const lanes = this.conservative ? 1 : lanesFor(roundTripMs, size - start)
        const plan = this.plan('_maxReadLen', DOWNLOAD_BYTES_IN_FLIGHT_PER_LANE, lanes)
        const writeFailed = (error: unknown) => translateLocalError(error, 'write', localPath)
        const pipeline: BlockPipeline = new BlockPipeline({
          start,
          size,
          blockBytes: plan.blockBytes,
          buffers: plan.buffers,
          signal: control.signal,
          moved: (block) => writer.add(block),
        })
        const writer = new InOrderWriter(local, partial, {
          release: (block) => pipeline.release(block),
          saved: (saved) => control.onProgress?.(saved, size),
          failed: (error) => pipeline.fail(writeFailed(error)),
        })
        // An FSTAT on the handle goes out right behind the last block's reads (not in
        // conservative mode: one request at a time), so its answer comes with theirs: a round
        // trip a file. A server must answer requests on one file in order (draft-ietf-secsh-
        // filexfer-02, 6.1), so it sees the file as the reads left it; a STAT by path may be
        // answered before them. That the path still names this file is checked before a delete.
        let afterRead: Promise<RemoteStat> | undefined
        const statBehind = (block: Block) => {
          if (this.conservative || afterRead || block.position + block.length < size) return
          afterRead = this.run<Stats>('read the details of', remotePath, (done) =>
            this.sftp.fstat(handle, done),
          ).then(statOf)
          // Awaited below once the reads are done; if they failed, their error is the one told.
          afterRead.catch(() => {})
        }
        const lane = (channel: SFTPWrapper, own: Buffer): Lane => ({
          blocks: plan.blocksPerLane,
          move: (block) => {
            // moveInRequests sends the block's reads before it returns; the STAT follows them.
            const moving = moveInRequests(block, plan.requestBytes, async (offset, length) => {
              const bytesRead = await this.run<number>('read', remotePath, (done) =>
                channel.read(
                  own,
                  block.buffer,
                  offset,
                  length,
                  block.position + offset,
                  (error, count) => done(error, count),
                ),
              )
              if (bytesRead === 0) {
                throw new MailroomError(
                  'verify-failed',
                  `${JSON.stringify(remotePath)} on ${this.host} became shorter while it was read. Nothing was deleted; pick it up again.`,
                )
              }
              return bytesRead
            })
            statBehind(block)
            return moving
          },
        })
        pipeline.addLane(lane(this.sftp, handle))
        // Not awaited: the primary channel reads meanwhile, and a lane ready too late is closed.
        if (lanes > 1)
          void this.joinLanes(lanes - 1, remotePath, (channel, own) => {
            if (!pipeline.addLane(lane(channel, own))) return false
            handles.push([channel, own])
            return true
          })
        try {
          await pipeline.done()
        } finally {
          // What is saved must be exactly what is on disk before anyone resumes from it.
          await writer.settle().catch(() => {})
        }
        await writer.settle().catch((error: unknown) => {
          throw writeFailed(error)
        })
        control.onProgress?.(partial.savedBytes, size)
        closed = true
        // One handle's CLOSE is not waited for: the server answers it after the reads, and the
        // REMOVE that may follow goes out behind it on the same channel. Several channels' are.
        const closing = closeAll()
        if (handles.length === 1 && !this.conservative)
          closing.catch((error: unknown) =>
            this.logger.warn('Could not close a downloaded file on the server', {
              host: this.host,
              path: remotePath,
              error: toApiError(error).message,
            }),
          )
        else await closing
        const [after] = await Promise.all([
          afterRead ?? this.stat(remotePath),
          local.sync().catch((error: unknown) => {
            throw translateLocalError(error, 'save', localPath)
          }),
        ])
        return { size, sha256: partial.digest(size), after }
      } finally {
        await local.close()
      }
    } finally {
      if (!closed) await closeAll()
    }
  }

  /**
   * Opens `remotePath` on up to `count` extra channels and hands each channel and handle to
   * `join` as it is ready (join says false once the download needs it no more: it is closed
   * here). Never fails: the download carries on with the channels it has.
   */
  private async joinLanes(
    count: number,
    remotePath: RemotePath,
    join: (channel: SFTPWrapper, handle: Buffer) => boolean,
  ): Promise<void> {
    const channels = await this.extra.get(count)
    await Promise.all(
      channels.map(async (channel) => {
        const handle = await this.run<Buffer>('open', remotePath, (done) =>
          channel.open(wire(remotePath), 'r', done),
        ).catch(() => undefined)
        if (handle && !join(channel, handle))
          await this.closeHandle(handle, remotePath, channel).catch(() => {})
      }),
    )
  }

  /**
   * Request and block size, blocks in flight on each lane and buffers in all, for a transfer
   * with `bytesInFlight` on each of `lanes` channels.
   */
  private plan(
    field: '_maxReadLen' | '_maxWriteLen',
    bytesInFlight: number,
    lanes: number,
  ): { requestBytes: number; blockBytes: number; blocksPerLane: number; buffers: number } {
    const requestBytes = this.requestBytes(field)
    if (this.conservative)
      return { requestBytes, blockBytes: requestBytes, blocksPerLane: 1, buffers: 2 }
    const blockBytes = requestBytes * Math.max(Math.floor(BLOCK_BYTES / requestBytes), 1)
    const blocksPerLane = Math.max(Math.ceil(bytesInFlight / blockBytes), 1)
    // The blocks in flight, as many again waiting for an earlier one or being written, and one
    // read ahead: the transfer's memory.
    return { requestBytes, blockBytes, blocksPerLane, buffers: 2 * lanes * blocksPerLane + 1 }
  }

  private requestBytes(field: '_maxReadLen' | '_maxWriteLen'): number {
    // ssh2 keeps the negotiated limit on a private field; without it requests stay small.
    const limit = (this.sftp as unknown as Record<string, unknown>)[field]
    const negotiated = typeof limit === 'number' && limit > 0 ? limit : FALLBACK_REQUEST_BYTES
    if (this.conservative) return Math.min(negotiated, FALLBACK_REQUEST_BYTES)
    return field === '_maxReadLen' ? Math.min(negotiated, ONE_PACKET_READ_BYTES) : negotiated
  }

  private async closeHandle(
    handle: Buffer,
    path: RemotePath,
    channel: SFTPWrapper = this.sftp,
  ): Promise<void> {
    if (this.closed) return
    await this.run('close', path, (done) => channel.close(handle, done))
  }

  /** Runs one ssh2 call, turning its callback into a promise and its error into a MailroomError. */
  private run<T = void>(
    operation: string,
    path: RemotePath,
    start: (done: (error: Error | null | undefined, value: T) => void) => void,
  ): Promise<T> {
    if (this.closed) return Promise.reject(this.closeReason ?? connectionLost(this.host))
    return new Promise<T>((resolve, reject) => {
      this.unanswered.add(reject)
      start((error, value) => {
        this.unanswered.delete(reject)
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
    // ssh2 fails the requests waiting when the channel's end arrives, but one sent after that
    // (from those very failures: a CLOSE in a finally) is kept for ever, and its caller hung.
    for (const reject of this.unanswered) reject(reason ?? connectionLost(this.host))
    this.unanswered.clear()
    for (const listener of this.closeListeners) listener(reason)
    this.closeListeners.clear()
  }
}

/**
 * Channels for a download whose open took `roundTripMs`: enough for the target rate, one
 * channel carrying about 1 MiB a round trip (ExtraChannels), within MOST_LANES.
 */
function lanesFor(roundTripMs: number, bytesLeft: number): number {
  const wanted = Math.ceil((LANE_TARGET_BYTES_A_SECOND * roundTripMs) / 1000 / MIB)
  return Math.max(Math.min(wanted, MOST_LANES, Math.floor(bytesLeft / LEAST_BYTES_A_LANE)), 1)
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
