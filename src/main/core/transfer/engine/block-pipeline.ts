import { MailroomError } from '../../errors'
import { BufferPool } from './buffer-pool'

/**
 * A stretch of the file in one pooled buffer: the unit of local I/O (one read for an upload,
 * one write and hash for a download, ~1 MiB) and of scheduling: its requests go out together.
 */
export interface Block {
  readonly position: number
  readonly length: number
  readonly buffer: Buffer
}

/**
 * One SFTP channel's part in a transfer: it moves whole blocks over its own handle, `blocks`
 * of them at once.
 */
export interface Lane {
  readonly blocks: number
  move(block: Block): Promise<void>
}

export interface BlockPipelineOptions {
  readonly start: number
  readonly size: number
  readonly blockBytes: number
  /** Buffers in all (in flight, waiting their turn, being written): the memory bound. */
  readonly buffers: number
  /** Shared memory, for blocks a worker thread reads too. */
  readonly shared?: boolean
  readonly signal?: AbortSignal
  /** Fills a new block before it is moved (an upload reads the local file). */
  readonly fill?: (block: Block) => Promise<void>
  /** Every byte of `block` has moved; `release` it once it is used up. */
  readonly moved: (block: Block) => void
}

/**
 * Moves [start, size) block by block in file order, over one or more lanes that all take the
 * next block from the same queue; so blocks arrive nearly in order, whichever channel carries
 * them, and each can be written and hashed as soon as those before it are. Lanes may join while
 * it runs (a channel that opened later). The first failure stops it: no block starts after it,
 * and `done` rejects with it once every block already out has returned.
 */
export class BlockPipeline {
  private readonly pool: BufferPool
  private nextPosition: number
  private upcoming: Promise<Block> | undefined
  // The last block's fill: fills go one after another, so blocks are ready (and an upload's
  // writes go out) in file order.
  private lastFill: Promise<unknown> = Promise.resolve()
  private workers = 0
  private failure: { error: unknown } | undefined
  private finished = false
  private settle: { resolve: () => void; reject: (error: unknown) => void } | undefined
  private readonly settled: Promise<void>

  constructor(private readonly options: BlockPipelineOptions) {
    this.pool = new BufferPool(
      Math.max(Math.min(options.blockBytes, options.size - options.start), 1),
      options.buffers,
      options.shared === true,
    )
    this.nextPosition = options.start
    this.settled = new Promise((resolve, reject) => (this.settle = { resolve, reject }))
    // Nothing to move (an empty file, or one already complete): done at once.
    if (options.start >= options.size) this.end()
  }

  /** Starts `lane`'s workers; false if the transfer has already ended (nothing for it to do). */
  addLane(lane: Lane): boolean {
    if (this.finished || this.failure) return false
    for (let index = 0; index < Math.max(lane.blocks, 1); index += 1) {
      this.workers += 1
      void this.work(lane)
    }
    return true
  }

  /** Resolves once every byte has moved; rejects with the first failure. */
  done(): Promise<void> {
    return this.settled
  }

  /** Gives a block's buffer back for the blocks after it. */
  release(block: Block): void {
    this.pool.give(block.buffer)
  }

  /** Stops the transfer for a reason found outside it (a local write that failed). */
  fail(error: unknown): void {
    if (this.failure) return
    this.failure = { error }
    this.pool.abort(error)
    if (this.workers === 0) this.end()
  }

  private async work(lane: Lane): Promise<void> {
    try {
      for (;;) {
        const block = await this.nextBlock()
        if (!block) return
        await lane.move(block)
        this.options.moved(block)
      }
    } catch (error) {
      this.fail(error)
    } finally {
      this.workers -= 1
      if (this.workers === 0 && (this.failure || !this.hasMore())) this.end()
    }
  }

  private end(): void {
    if (this.finished) return
    this.finished = true
    if (this.failure) this.settle?.reject(this.failure.error)
    else this.settle?.resolve()
  }

  private hasMore(): boolean {
    return this.upcoming !== undefined || this.nextPosition < this.options.size
  }

  // The next block in file order. With a fill, the one after it is prepared meanwhile (an
  // upload's local read then overlaps the requests of the blocks before it).
  private async nextBlock(): Promise<Block | undefined> {
    if (this.failure) return undefined
    if (this.options.signal?.aborted) throw new MailroomError('cancelled', 'Cancelled.')
    const next = this.upcoming ?? this.prepare()
    this.upcoming = this.options.fill ? this.prepare() : undefined
    return next
  }

  private prepare(): Promise<Block> | undefined {
    const position = this.nextPosition
    if (position >= this.options.size) return undefined
    const length = Math.min(this.pool.bufferBytes, this.options.size - position)
    this.nextPosition += length
    const previous = this.lastFill
    const prepared = (async () => {
      const buffer = await this.pool.take()
      const block: Block = { position, length, buffer }
      await previous
      await this.options.fill?.(block)
      return block
    })()
    this.lastFill = prepared.catch(() => {})
    // A failure is seen by whoever awaits it; this keeps one of a block prepared ahead, after
    // the transfer stopped, from going unhandled.
    prepared.catch(() => {})
    return prepared
  }
}

/**
 * Moves a whole block with requests of at most `requestBytes`, all sent at once (in one turn,
 * so with one system call); a request that moved fewer bytes than asked has its rest asked for
 * again. Waits for every request even when one fails, then fails with the first failure.
 */
export async function moveInRequests(
  block: Block,
  requestBytes: number,
  request: (offset: number, length: number) => Promise<number>,
): Promise<void> {
  const range = async (offset: number, length: number) => {
    while (length > 0) {
      const moved = await request(offset, length)
      offset += moved
      length -= moved
    }
  }
  const requests: Array<Promise<void>> = []
  for (let offset = 0; offset < block.length; offset += requestBytes)
    requests.push(range(offset, Math.min(requestBytes, block.length - offset)))
  const failed = (await Promise.allSettled(requests)).find((result) => result.status === 'rejected')
  if (failed) throw failed.reason
}
