import type { Socket } from 'node:net'
import type { MailroomError } from '../errors'

/**
 * Reads a proxy's answers on the socket ssh2 will later talk over, exactly as far as the answer
 * goes. The SSH server speaks first, so its greeting may arrive in the same read as the proxy's
 * last answer: what follows the answer is put back into the socket (paused, so nothing more is
 * read) and ssh2 reads it first once it resumes the socket.
 */
export class ProxyReader {
  private buffered: Buffer = Buffer.alloc(0)
  private waiting: (() => void) | undefined
  private ended: MailroomError | undefined
  private readonly onData = (chunk: Buffer) => {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
    this.wake()
  }
  private readonly onEnd = (error?: Error) => {
    this.ended ??= this.closed(error)
    this.wake()
  }

  /** `closed` says what it means that the proxy hung up before its answer was complete. */
  constructor(
    private readonly socket: Socket,
    private readonly closed: (error?: Error) => MailroomError,
  ) {
    socket.on('data', this.onData)
    socket.on('error', this.onEnd)
    socket.on('end', this.onEnd)
    socket.on('close', this.onEnd)
  }

  /** Exactly `count` bytes. */
  async read(count: number): Promise<Buffer> {
    await this.until(() => this.buffered.length >= count)
    return this.take(count)
  }

  /** Everything up to and including `delimiter`, which must come within `most` bytes. */
  async readThrough(
    delimiter: string,
    most: number,
    tooLong: () => MailroomError,
  ): Promise<Buffer> {
    let end = -1
    await this.until(() => {
      end = this.buffered.indexOf(delimiter)
      if (end < 0 && this.buffered.length > most) throw tooLong()
      return end >= 0
    })
    return this.take(end + delimiter.length)
  }

  /**
   * The proxy is done: stop listening, hold the socket (ssh2 resumes it once it listens) and
   * give back what came after the answer, for ssh2 to read first.
   */
  finish(): void {
    this.socket.pause()
    this.detach()
    if (this.buffered.length > 0) this.socket.unshift(this.buffered)
    this.buffered = Buffer.alloc(0)
  }

  /** Stops listening, for a handshake that failed (the socket is destroyed after). */
  detach(): void {
    this.socket.off('data', this.onData)
    this.socket.off('error', this.onEnd)
    this.socket.off('end', this.onEnd)
    this.socket.off('close', this.onEnd)
  }

  private take(count: number): Buffer {
    const taken = this.buffered.subarray(0, count)
    this.buffered = this.buffered.subarray(count)
    return taken
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.ended) throw this.ended
      await new Promise<void>((resolve) => (this.waiting = resolve))
    }
  }

  private wake(): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.()
  }
}
