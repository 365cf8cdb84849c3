import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import type { Block } from './block-pipeline'

/**
 * How far a download got: the local file exists once `started`, and its first `savedBytes` are
 * written and hashed. Passed to the next attempt after a dropped connection, so it resumes there.
 */
export class PartialDownload {
  started = false
  private readonly hash = createHash('sha256')
  private saved = 0

  get savedBytes(): number {
    return this.saved
  }

  /** Records that `pieces`, which follow the saved bytes, are now written too. */
  addSaved(pieces: readonly Buffer[]): void {
    for (const piece of pieces) {
      this.hash.update(piece)
      this.saved += piece.length
    }
  }

  /** The SHA-256 of the whole file, hex; only once every byte is saved. */
  digest(size: number): string {
    if (this.saved !== size) throw new Error(`hashed ${this.saved} of ${size} bytes`)
    return this.hash.digest('hex')
  }
}

// Blocks written with one call at most: fewer system calls and thread-pool round trips.
const MOST_BLOCKS_A_WRITE = 8
// Written bytes after which the disk is asked to catch up (fdatasync) while the download goes
// on, so the flush before the file counts as saved has little left: for 512 MiB at the end it
// took 300-350 ms here, 10% of the download.
const FLUSH_EVERY_BYTES = 32 * 1024 * 1024

/**
 * Writes a download's blocks to the local file in file order, as they complete in any order:
 * each run of consecutive blocks with one `writev`, one at a time, hashing what was written
 * while the next run is being written, so the file never has a hole and never holds a byte the
 * hash has not seen once the write is done. A block waits here until those before it have
 * arrived; the pipeline's fixed number of buffers bounds how many can wait.
 */
export class InOrderWriter {
  private readonly ready = new Map<number, Block>()
  // Where the next run starts: after what is written or being written.
  private next: number
  private writing: Promise<void> | undefined
  private flushing: Promise<void> | undefined
  private unflushed = 0
  private failure: { error: unknown } | undefined

  constructor(
    private readonly file: FileHandle,
    private readonly partial: PartialDownload,
    private readonly hooks: {
      /** The block's buffer may be reused. */
      readonly release: (block: Block) => void
      /** Saved bytes so far, after every write. */
      readonly saved: (savedBytes: number) => void
      /** A local write failed: the download must stop. */
      readonly failed: (error: unknown) => void
    },
  ) {
    this.next = partial.savedBytes
  }

  add(block: Block): void {
    if (this.failure) return
    this.ready.set(block.position, block)
    // Started only with a run to write, so it always awaits before it can end.
    if (!this.writing && this.ready.has(this.next)) this.writing = this.writeRuns()
  }

  /**
   * Waits until nothing is being written; the saved bytes are then exactly what is on disk and
   * hashed. Rejects if a write failed.
   */
  async settle(): Promise<void> {
    while (this.writing || this.flushing) await (this.writing ?? this.flushing)
    if (this.failure) throw this.failure.error
  }

  private async writeRuns(): Promise<void> {
    try {
      let written: Block[] = []
      for (;;) {
        const run = this.takeRun()
        const writing = run.length === 0 ? undefined : this.write(run)
        // The run before this one is on disk: hash it while this one is being written.
        this.save(written)
        written = run
        if (!writing) return
        await writing
        this.flushNowAndThen(run)
      }
    } catch (error) {
      this.fail(error)
    } finally {
      this.writing = undefined
    }
  }

  private fail(error: unknown): void {
    if (this.failure) return
    this.failure = { error }
    this.ready.clear()
    this.hooks.failed(error)
  }

  private flushNowAndThen(written: readonly Block[]): void {
    for (const block of written) this.unflushed += block.length
    if (this.flushing || this.unflushed < FLUSH_EVERY_BYTES) return
    this.unflushed = 0
    this.flushing = this.file
      .datasync()
      .catch((error: unknown) => this.fail(error))
      .finally(() => (this.flushing = undefined))
  }

  // A write may take fewer bytes than given (a disk that is filling up): the rest is written
  // again, which then fails with the reason (ENOSPC).
  private async write(run: readonly Block[]): Promise<void> {
    let pieces = run.map((block) => block.buffer.subarray(0, block.length))
    let position = run[0]?.position ?? 0
    while (pieces.length > 0) {
      let { bytesWritten } = await this.file.writev(pieces, position)
      if (bytesWritten === 0) throw new Error('the local file took none of the bytes written')
      position += bytesWritten
      while (bytesWritten > 0 && pieces.length > 0) {
        const first = pieces[0] as Buffer
        if (bytesWritten >= first.length) {
          bytesWritten -= first.length
          pieces = pieces.slice(1)
        } else {
          pieces = [first.subarray(bytesWritten), ...pieces.slice(1)]
          bytesWritten = 0
        }
      }
    }
  }

  private save(blocks: readonly Block[]): void {
    if (blocks.length === 0) return
    this.partial.addSaved(blocks.map((block) => block.buffer.subarray(0, block.length)))
    for (const block of blocks) this.hooks.release(block)
    this.hooks.saved(this.partial.savedBytes)
  }

  // The blocks that follow `next`, in order, up to a gap.
  private takeRun(): Block[] {
    const run: Block[] = []
    for (let block = this.ready.get(this.next); block; block = this.ready.get(this.next)) {
      this.ready.delete(this.next)
      run.push(block)
      this.next += block.length
      if (run.length === MOST_BLOCKS_A_WRITE) break
    }
    return run
  }
}
