import type { Client, SFTPWrapper, Stats } from 'ssh2'
import type { HostKeyInfo, LoginReport, RemoteEntry } from '../../../shared/domain'
import { remotePath, type RemotePath } from '../../../shared/remote-path'
import { connectionLost, MailroomError, translateSftpError } from '../errors'
import type { Logger } from '../logging/logger'
import { ExtraChannels } from './extra-channels'
import { READDIR_IN_FLIGHT, readDirectory } from './read-directory'
import { clampServerLimits } from './server-limits'
import {
  MOST_LISTED_ENTRIES,
  type FileChannel,
  type ListControl,
  type RemoteHandle,
  type RemoteStat,
  type ServerLimits,
  type SftpSession,
} from './sftp-session'

// Channels one session may add for a large download (ExtraChannels): each costs the server a
// process, and four channels in all carry 63 MiB/s at 50 ms.
const MOST_EXTRA_CHANNELS = 3
// A read whose reply (13 bytes of header, then the data) fits one SSH channel packet of ssh2's
// 32 KiB comes out of ssh2 in one piece; a 255 KiB one is copied into a buffer of its own first.
// Measured on a 512 MiB loopback download: peak memory 6-10 MiB lower, CPU no higher.
const ONE_PACKET_READ_BYTES = 32 * 1024 - 13

/** ssh2's handle for a file open on one of its channels. */
interface Ssh2Handle extends RemoteHandle {
  readonly raw: Buffer
  readonly channel: SFTPWrapper
}

/**
 * The SFTP session over ssh2: the one place that knows ssh2's SFTP API and reads its private
 * fields (the server's extensions and limits). Every request goes through `run`, which turns
 * ssh2's callback into a promise, its error into a MailroomError naming the path and the host,
 * and fails it when the connection ends (ssh2 keeps a request sent after the channel's end for
 * ever).
 */
export class Ssh2Session implements SftpSession {
  readonly limits: ServerLimits
  private closed = false
  private closeReason: MailroomError | undefined
  private readonly closeListeners = new Set<(reason?: MailroomError) => void>()
  /** The requests sent and not yet answered, each one's reject: failed when the link ends. */
  private readonly unanswered = new Set<(reason: MailroomError) => void>()
  private readonly extra: ExtraChannels
  private readonly primary: FileChannel

  constructor(
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    readonly host: string,
    readonly hostKey: HostKeyInfo,
    private readonly logger: Logger,
    readonly conservative = false,
    readonly login?: LoginReport,
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
    this.extra = new ExtraChannels(client, host, logger, MOST_EXTRA_CHANNELS)
    this.primary = this.channelOf(sftp)
    // ssh2 keeps the negotiated limits (`limits@openssh.com`) on fields of its own.
    const fields = sftp as unknown as Record<string, unknown>
    this.limits = clampServerLimits(
      {
        readBytes: fields._maxReadLen,
        writeBytes: fields._maxWriteLen,
        // ssh2 says Infinity where the server gave 0 (no limit).
        openHandles: fields.maxOpenHandles,
      },
      { conservative, readCap: ONE_PACKET_READ_BYTES },
    )
  }

  get isOpen(): boolean {
    return !this.closed
  }

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

  abandon(reason: MailroomError): void {
    if (this.closed) return
    this.markClosed(reason)
    this.client.destroy()
  }

  /**
   * Read batch by batch (a server sends about a hundred names per reply) with several READDIRs
   * in flight, so a large folder reports progress, can be cancelled between batches, and costs
   * a few round trips instead of one per hundred names.
   */
  async list(path: RemotePath, control: ListControl = {}): Promise<RemoteEntry[]> {
    const handle = await this.run<Buffer>('list', path, (done) =>
      this.sftp.opendir(wire(path), done),
    )
    const result: RemoteEntry[] = []
    try {
      await this.run('list', path, (done) => {
        readDirectory(this.sftp, handle, {
          requestsInFlight: this.conservative ? 1 : READDIR_IN_FLIGHT,
          signal: control.signal,
          keepEntries: false,
          onBatch: (batch) => {
            for (const entry of batch) {
              if (entry.filename === '.' || entry.filename === '..') continue
              // Thrown from here, it stops the READDIRs: no more is asked for.
              if (result.length >= MOST_LISTED_ENTRIES) throw this.tooManyEntries(path)
              const entryPath = addressable(path, entry.filename)
              if (typeof entryPath !== 'string') {
                this.logger.warn('Skipped a listed name that no path can address', {
                  host: this.host,
                  folder: path,
                  name: entry.filename,
                  reason: entryPath.reason,
                })
                control.onSkipped?.(entry.filename, entryPath.reason)
                continue
              }
              result.push({
                name: entry.filename,
                path: entryPath,
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
      if (!this.closed)
        await this.run('close', path, (done) => this.sftp.close(handle, (error) => done(error)))
    }
    return result
  }

  private tooManyEntries(path: RemotePath): MailroomError {
    return new MailroomError(
      'not-supported',
      `${JSON.stringify(path || 'the login folder')} on ${this.host} holds more than ${MOST_LISTED_ENTRIES.toLocaleString('en')} entries; Mailroom stopped listing it there. Ask the provider to clear the folder, or pick up from a subfolder.`,
    )
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

  async rmdir(path: RemotePath): Promise<void> {
    await this.run('remove the folder', path, (done) => this.sftp.rmdir(wire(path), done))
  }

  async remove(path: RemotePath): Promise<void> {
    await this.run('delete', path, (done) => this.sftp.unlink(wire(path), done))
  }

  async rename(from: RemotePath, to: RemotePath): Promise<void> {
    await this.run('rename', from, (done) => this.sftp.rename(wire(from), wire(to), done))
  }

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

  open(path: RemotePath, mode: 'r' | 'w'): Promise<RemoteHandle> {
    return this.primary.open(path, mode)
  }

  read(
    handle: RemoteHandle,
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<number> {
    return this.primary.read(handle, buffer, offset, length, position)
  }

  write(
    handle: RemoteHandle,
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<void> {
    return this.primary.write(handle, buffer, offset, length, position)
  }

  fstat(handle: RemoteHandle): Promise<RemoteStat> {
    return this.primary.fstat(handle)
  }

  closeFile(handle: RemoteHandle): Promise<void> {
    return this.primary.closeFile(handle)
  }

  async extraChannels(count: number): Promise<readonly FileChannel[]> {
    if (this.closed) return []
    return (await this.extra.get(count)).map((channel) => this.channelOf(channel))
  }

  /** The file operations of one of this connection's SFTP channels. */
  private channelOf(channel: SFTPWrapper): FileChannel {
    const own = (handle: RemoteHandle): Ssh2Handle => {
      const ssh2Handle = handle as Ssh2Handle
      if (ssh2Handle.channel !== channel)
        throw new MailroomError(
          'internal',
          `A handle of ${handle.path} was used on another channel.`,
        )
      return ssh2Handle
    }
    return {
      open: async (path, mode) => {
        const raw = await this.run<Buffer>(mode === 'r' ? 'open' : 'create', path, (done) =>
          channel.open(wire(path), mode, done),
        )
        const handle: Ssh2Handle = { path, raw, channel }
        return handle
      },
      read: (handle, buffer, offset, length, position) =>
        this.run<number>('read', handle.path, (done) =>
          channel.read(own(handle).raw, buffer, offset, length, position, (error, count) =>
            done(error, count),
          ),
        ),
      write: (handle, buffer, offset, length, position) =>
        this.run('write', handle.path, (done) =>
          channel.write(own(handle).raw, buffer, offset, length, position, (error) =>
            done(error, undefined),
          ),
        ),
      fstat: async (handle) =>
        statOf(
          await this.run<Stats>('read the details of', handle.path, (done) =>
            channel.fstat(own(handle).raw, done),
          ),
        ),
      closeFile: async (handle) => {
        // Once the connection has ended the server has closed every handle itself.
        if (this.closed) return
        await this.run('close', handle.path, (done) =>
          channel.close(own(handle).raw, (error) => done(error, undefined)),
        )
      },
    }
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
 * The path of a listed name, or why no path can address it: '/' or NUL in it (a hostile or
 * broken server), empty, or a path past the 4096 characters a path may have.
 */
function addressable(folder: RemotePath, name: string): RemotePath | { reason: string } {
  if (name === '') return { reason: 'the name is empty' }
  if (name.includes('/')) return { reason: 'the name contains "/"' }
  if (name.includes('\0')) return { reason: 'the name contains NUL' }
  const path = remotePath.safeParse(folder === '' ? name : `${folder}/${name}`)
  return path.success ? path.data : { reason: 'the path would be longer than 4096 characters' }
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
