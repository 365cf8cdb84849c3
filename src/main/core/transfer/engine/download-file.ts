import type { RemotePath } from '../../../../shared/remote-path'
import { MailroomError, toApiError, translateLocalError } from '../../errors'
import type { Logger } from '../../logging/logger'
import type { FileChannel, RemoteHandle, RemoteStat, SftpSession } from '../../sftp/sftp-session'
import { BlockPipeline, moveInRequests, type Block, type Lane } from './block-pipeline'
import { InOrderWriter, PartialDownload } from './in-order-writer'
import { openLocalFile } from './local-file'
import { garbagePacer } from './garbage-pacer'
import type { TransferControl } from './transfer-control'
import { lanesFor, planTransfer } from './transfer-budget'

/** What a download received, and what the server held at its path once it was read. */
export interface DownloadResult {
  readonly size: number
  /** The SHA-256 of the bytes received, hex. */
  readonly sha256: string
  /** The file as the server saw it right after the reads (size and time), for a verify step. */
  readonly after: RemoteStat
}

export interface DownloadOptions extends TransferControl {
  /** The size a listing saw: the reads start at once instead of after an FSTAT. */
  readonly listedSize?: number
  /**
   * How far an attempt that a dropped connection ended got: this one carries on after the
   * bytes it saved (and hashed).
   */
  readonly partial?: PartialDownload
  /** Where a CLOSE not waited for is told if it fails. */
  readonly logger?: Logger
}

/**
 * Reads `remotePath` into a new local file (which must not exist yet, unless `partial` says an
 * earlier attempt started it) with requests pipelined, hashing it in order as the pieces
 * arrive, and flushes it to disk before returning. An FSTAT goes out on the handle right behind
 * the last reads, so what the server holds after the read (the same file, not grown) costs no
 * round trip of its own. Over a long round trip a large file is read over several channels at
 * once (SftpSession.extraChannels), each with its own handle, all taking the next block from
 * one queue.
 */
export async function downloadFile(
  session: SftpSession,
  remotePath: RemotePath,
  localPath: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const partial = options.partial ?? new PartialDownload()
  const asked = performance.now()
  const handle = await session.open(remotePath, 'r')
  const roundTripMs = performance.now() - asked
  const opened: Array<readonly [FileChannel, RemoteHandle]> = [[session, handle]]
  let closed = false
  const closeAll = () =>
    Promise.all(opened.map(([channel, each]) => channel.closeFile(each))).then(() => {})
  try {
    const size = options.listedSize ?? (await session.fstat(handle)).size
    const local = await openLocalFile(localPath, partial.started ? 'r+' : 'wx', 'create')
    partial.started = true
    try {
      // Bytes after the saved ones may have been written but not hashed: cut them off.
      const start = partial.savedBytes
      await local.truncate(start).catch((error: unknown) => {
        throw translateLocalError(error, 'write', localPath)
      })
      const { conservative } = session
      const lanes = conservative ? 1 : lanesFor(roundTripMs, size - start)
      const plan = planTransfer('download', session.limits.readBytes, lanes, conservative)
      const writeFailed = (error: unknown) => translateLocalError(error, 'write', localPath)
      const pipeline: BlockPipeline = new BlockPipeline({
        start,
        size,
        blockBytes: plan.blockBytes,
        buffers: plan.buffers,
        ...(options.signal ? { signal: options.signal } : {}),
        moved: (block) => {
          garbagePacer.paceFor(block.length)
          writer.add(block)
        },
      })
      const writer = new InOrderWriter(local, partial, {
        release: (block) => pipeline.release(block),
        saved: (saved) => options.onProgress?.(saved, size),
        failed: (error) => pipeline.fail(writeFailed(error)),
      })
      // An FSTAT on the handle goes out right behind the last block's reads (not in
      // conservative mode: one request at a time), so its answer comes with theirs: a round
      // trip a file. A server must answer requests on one file in order (draft-ietf-secsh-
      // filexfer-02, 6.1), so it sees the file as the reads left it; a STAT by path may be
      // answered before them. That the path still names this file is checked before a delete.
      let afterRead: Promise<RemoteStat> | undefined
      const fstatBehind = (block: Block) => {
        if (conservative || afterRead || block.position + block.length < size) return
        afterRead = session.fstat(handle)
        // Awaited below once the reads are done; if they failed, their error is the one told.
        afterRead.catch(() => {})
      }
      const lane = (channel: FileChannel, own: RemoteHandle): Lane => ({
        blocks: plan.blocksPerLane,
        move: (block) => {
          // moveInRequests sends the block's reads before it returns; the FSTAT follows them.
          const moving = moveInRequests(block, plan.requestBytes, async (offset, length) => {
            const bytesRead = await channel.read(
              own,
              block.buffer,
              offset,
              length,
              block.position + offset,
            )
            if (bytesRead === 0) {
              throw new MailroomError(
                'verify-failed',
                `${JSON.stringify(remotePath)} on ${session.host} became shorter while it was read.`,
              )
            }
            return bytesRead
          })
          fstatBehind(block)
          return moving
        },
      })
      pipeline.addLane(lane(session, handle))
      // Not awaited: the primary channel reads meanwhile, and a lane ready too late is closed.
      if (lanes > 1)
        void joinLanes(session, lanes - 1, remotePath, (channel, own) => {
          if (!pipeline.addLane(lane(channel, own))) return false
          opened.push([channel, own])
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
      options.onProgress?.(partial.savedBytes, size)
      // In conservative mode (one request at a time) and for an empty file no FSTAT went out
      // behind the reads: it is asked now, on the handle still open, the same check either way.
      afterRead ??= session.fstat(handle)
      afterRead.catch(() => {})
      if (conservative) await afterRead
      closed = true
      // One handle's CLOSE is not waited for: the server answers it after the reads, and the
      // REMOVE that may follow goes out behind it on the same channel. Several channels' are.
      const closing = closeAll()
      if (opened.length === 1 && !conservative)
        closing.catch((error: unknown) =>
          options.logger?.warn('Could not close a downloaded file on the server', {
            host: session.host,
            path: remotePath,
            error: toApiError(error).message,
          }),
        )
      else await closing
      const [after] = await Promise.all([
        afterRead,
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
async function joinLanes(
  session: SftpSession,
  count: number,
  remotePath: RemotePath,
  join: (channel: FileChannel, handle: RemoteHandle) => boolean,
): Promise<void> {
  const channels = await session.extraChannels(count)
  await Promise.all(
    channels.map(async (channel) => {
      const handle = await channel.open(remotePath, 'r').catch(() => undefined)
      if (handle && !join(channel, handle)) await channel.closeFile(handle).catch(() => {})
    }),
  )
}
