import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** V8's `gc()`, with the kind of collection to run. */
export type Collect = (options: { readonly type: 'minor' | 'major' }) => void

export interface GarbagePacerOptions {
  /** Runs a collection; undefined where none can be asked for (then the pacer does nothing). */
  readonly collect?: Collect
  /** Bytes held by Buffers and ArrayBuffers now (outside V8's heap). */
  readonly bufferBytes?: () => number
}

const MIB = 1024 * 1024
// How often the buffers' total is looked at: process.memoryUsage() reads /proc, ~20 us.
const CHECK_EVERY_BYTES = 4 * MIB
// Buffers beyond this total are collected: a large transfer's own blocks are 5 to 17 MiB.
const BUFFER_LIMIT_BYTES = 24 * MIB
// A full collection, for buffers that lived long enough to leave the young generation (an
// upload's packets wait in ssh2's queue for the server's window), at most this often: it costs
// a few milliseconds where a young one costs well under one.
const FULL_EVERY_BYTES = 64 * MIB

/**
 * Keeps a large transfer's garbage from piling up. ssh2 makes a new Buffer for each packet it
 * encrypts or decrypts and each SFTP request: two to three bytes of garbage for every byte moved,
 * all of it outside V8's heap, where V8 collects only once some 64 MB have built up (its
 * external-memory limit). A 1 GiB pickup then send grew the process by 92-108 MiB that way;
 * collecting the young generation whenever the buffers pass 24 MiB, and the whole heap now and
 * then, kept it to 28-42 MiB (bench: `npm run bench`, memory rows), at no measurable cost in
 * time. `--max-semi-space-size` could not do it: V8 takes it only at start, and Electron's main
 * process has no start flags of its own (the fuses turn NODE_OPTIONS off).
 */
export class GarbagePacer {
  private moved = 0
  private sinceFull = 0
  private readonly collect: Collect | undefined
  private readonly bufferBytes: () => number

  constructor(options: GarbagePacerOptions = {}) {
    this.collect = 'collect' in options ? options.collect : exposedGc()
    this.bufferBytes = options.bufferBytes ?? (() => process.memoryUsage().arrayBuffers)
  }

  /** Told of the bytes a transfer has just moved; collects when its garbage has piled up. */
  paceFor(bytes: number): void {
    this.moved += bytes
    this.sinceFull += bytes
    if (this.moved < CHECK_EVERY_BYTES || !this.collect) return
    this.moved = 0
    if (this.bufferBytes() < BUFFER_LIMIT_BYTES) return
    this.collect({ type: 'minor' })
    if (this.sinceFull >= FULL_EVERY_BYTES && this.bufferBytes() >= BUFFER_LIMIT_BYTES) {
      this.sinceFull = 0
      this.collect({ type: 'major' })
    }
  }
}

/**
 * V8's gc(), which Node offers only with --expose-gc at start: the flag set now still gives it
 * to a context made after, which is where it is taken from. Undefined if the runtime refuses.
 */
function exposedGc(): Collect | undefined {
  try {
    setFlagsFromString('--expose-gc')
    const gc: unknown = runInNewContext('gc')
    return typeof gc === 'function' ? (gc as Collect) : undefined
  } catch {
    return undefined
  }
}

/** The process's one pacer: garbage is the process's, whichever transfer made it. */
export const garbagePacer = new GarbagePacer()
