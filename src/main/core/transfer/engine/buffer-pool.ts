/**
 * A fixed number of equal buffers, handed out and given back, so a large transfer allocates
 * its few megabytes once instead of a new buffer for every request (512 MiB of garbage for a
 * 512 MiB file, which the garbage collector let grow the process by ~100 MiB). `take` waits
 * while every buffer is out; that wait is what bounds a transfer's memory.
 */
export class BufferPool {
  private readonly free: Buffer[] = []
  private readonly waiting: Array<{
    resolve: (buffer: Buffer) => void
    reject: (error: unknown) => void
  }> = []
  private created = 0
  private failure: { error: unknown } | undefined

  constructor(
    readonly bufferBytes: number,
    readonly capacity: number,
    /** In shared memory, for buffers a worker thread reads too. */
    private readonly shared = false,
  ) {}

  take(): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure.error)
    const buffer = this.free.pop()
    if (buffer) return Promise.resolve(buffer)
    if (this.created < this.capacity) {
      this.created += 1
      return Promise.resolve(
        this.shared
          ? Buffer.from(new SharedArrayBuffer(this.bufferBytes))
          : Buffer.allocUnsafe(this.bufferBytes),
      )
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
  }

  give(buffer: Buffer): void {
    const waiter = this.waiting.shift()
    if (waiter) waiter.resolve(buffer)
    else this.free.push(buffer)
  }

  /** Fails every `take` waiting now or later: the transfer has stopped. */
  abort(error: unknown): void {
    this.failure ??= { error }
    for (const waiter of this.waiting.splice(0)) waiter.reject(error)
  }
}
