import { randomUUID } from 'node:crypto'
import type { ProfileId, Transfer, TransferId } from '../../../shared/domain'
import type { ApiError } from '../../../shared/errors'
import type { RemotePath } from '../../../shared/remote-path'
import type { EventBus } from '../events/event-bus'
import { MailroomError, toApiError } from '../errors'
import type { Logger } from '../logging/logger'
import { DEFAULT_BUDGET, fileWindowBytes, type TransferBudget } from './engine/transfer-budget'

/** What a job is given to report progress and notice a cancel. */
export interface JobControl {
  readonly id: TransferId
  readonly signal: AbortSignal
  progress(transferredBytes: number, totalBytes: number): void
  /** Marks the last phase (after the bytes are moved, before the job is done). */
  verifying(): void
  /**
   * A step on the file itself, apart from moving it (OpenPGP, before an upload or after a
   * download): how far it has got, told as it goes. Progress or `verifying` ends it.
   */
  working(step: WorkStep, doneBytes: number, totalBytes: number): void
  /** The connection dropped; the job waits for it to come back, then carries on. */
  reconnecting(): void
}

export type WorkStep = 'encrypting' | 'decrypting'

export interface TransferSpec {
  readonly profileId: ProfileId
  readonly direction: Transfer['direction']
  readonly name: string
  readonly remotePath: RemotePath
  readonly localPath: string
  readonly totalBytes: number
  /** Start only once this transfer has finished, and only if it succeeded. */
  readonly after?: TransferId
  /** At most this many of the profile's files at once, if fewer than the budget allows. */
  readonly filesInFlight?: number
  readonly run: (control: JobControl) => Promise<void>
}

const PROGRESS_INTERVAL_MS = 100
const FINISHED_KEPT = 500

// A file holds no more than its size, nor than its pipeline's window (engine/transfer-budget.ts).
const reserveFor = (spec: TransferSpec) =>
  Math.min(Math.max(spec.totalBytes, 1), fileWindowBytes(spec.direction))

/**
 * Runs transfers within a budget of files and bytes in flight and tells the UI about each through `transfer:update`: queued,
 * progress (at most ten times a second), verifying, then done, failed or cancelled.
 */
export class TransferQueue {
  private readonly transfers = new Map<TransferId, Transfer>()
  private readonly waiting: Array<{ id: TransferId; spec: TransferSpec }> = []
  private readonly controllers = new Map<TransferId, AbortController>()
  /** How to run each transfer again ("Retry"), kept while it is listed. */
  private readonly specs = new Map<TransferId, TransferSpec>()
  private running = 0
  private readonly runningFor = new Map<ProfileId, number>()
  private reservedBytes = 0
  private readonly finishListeners = new Set<(id: TransferId) => void>()

  constructor(
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly budget: TransferBudget = DEFAULT_BUDGET,
  ) {}

  enqueue(spec: TransferSpec): TransferId {
    const id = randomUUID() as TransferId
    this.update({ ...describeSpec(id, spec), state: 'queued', startedAt: Date.now() })
    this.controllers.set(id, new AbortController())
    this.specs.set(id, spec)
    this.waiting.push({ id, spec })
    this.pump()
    return id
  }

  /**
   * Lists a transfer that already ended before this session: what the next connection found of
   * a send cut short by a crash (`recovered`). Its Retry runs `spec` as a new transfer.
   */
  addRecovered(
    spec: TransferSpec,
    outcome: { readonly state: 'done' } | { readonly state: 'failed'; readonly error: ApiError },
    startedAt: number,
  ): TransferId {
    const id = randomUUID() as TransferId
    this.specs.set(id, spec)
    this.update({
      ...describeSpec(id, spec),
      startedAt,
      finishedAt: Date.now(),
      recovered: true,
      ...outcome,
    })
    this.forgetOldest()
    return id
  }

  cancel(id: TransferId): void {
    const transfer = this.transfers.get(id)
    if (!transfer) throw new MailroomError('not-found', 'That transfer is no longer listed.')
    this.controllers.get(id)?.abort()
    const index = this.waiting.findIndex((job) => job.id === id)
    if (index >= 0) {
      this.waiting.splice(index, 1)
      this.finish(id, 'cancelled')
    }
  }

  /** Notes that the gateway has taken a sent file from its send mailbox. */
  markTaken(id: TransferId, at = Date.now()): void {
    this.patch(id, { takenAt: at })
  }

  /** Queues a failed or cancelled transfer again, as a new transfer. */
  retry(id: TransferId): TransferId {
    const transfer = this.transfers.get(id)
    const spec = this.specs.get(id)
    if (!transfer || !spec)
      throw new MailroomError('not-found', 'That transfer is no longer listed.')
    if (transfer.state !== 'failed' && transfer.state !== 'cancelled')
      throw new MailroomError(
        'invalid-input',
        'Only a failed or cancelled transfer can be retried.',
      )
    const { after: _after, ...again } = spec
    return this.enqueue(again)
  }

  list(): Transfer[] {
    return [...this.transfers.values()]
  }

  /**
   * Resolves once every one of `ids` has finished (done, failed or cancelled): how a batch's
   * owner (a pickup run holding its lock) learns it is over, without polling.
   */
  whenFinished(ids: readonly TransferId[]): Promise<void> {
    const waiting = new Set(ids.filter((id) => this.transfers.get(id)?.finishedAt === undefined))
    // An id no longer listed finished long ago (the queue keeps the last 500).
    for (const id of waiting) if (!this.transfers.has(id)) waiting.delete(id)
    if (waiting.size === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const listener = (id: TransferId) => {
        waiting.delete(id)
        if (waiting.size > 0) return
        this.finishListeners.delete(listener)
        resolve()
      }
      this.finishListeners.add(listener)
    })
  }

  /** Resolves once nothing is queued or running (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running > 0 || this.waiting.length > 0)
      await new Promise((resolve) => setTimeout(resolve, 20))
  }

  private pump(): void {
    for (;;) {
      const index = this.waiting.findIndex(
        ({ spec }) =>
          (this.runningFor.get(spec.profileId) ?? 0) <
            Math.min(this.budget.files, spec.filesInFlight ?? Infinity) &&
          (spec.after === undefined || this.transfers.get(spec.after)?.finishedAt !== undefined),
      )
      if (index < 0) return
      const next = this.waiting[index]
      // In order: a large file waits for room rather than being overtaken for ever.
      if (
        next &&
        this.running > 0 &&
        this.reservedBytes + reserveFor(next.spec) > this.budget.bytes
      )
        return
      const [job] = this.waiting.splice(index, 1)
      if (!job) return
      const before = job.spec.after === undefined ? undefined : this.transfers.get(job.spec.after)
      if (before && before.state !== 'done') {
        this.finish(job.id, 'failed', {
          kind: 'cancelled',
          message: `Not sent: ${before.name}, sent before it in the same message, did not arrive.`,
        })
        continue
      }
      const reserved = reserveFor(job.spec)
      const { profileId } = job.spec
      this.running += 1
      this.runningFor.set(profileId, (this.runningFor.get(profileId) ?? 0) + 1)
      this.reservedBytes += reserved
      void this.execute(job.id, job.spec).finally(() => {
        this.running -= 1
        this.runningFor.set(profileId, (this.runningFor.get(profileId) ?? 1) - 1)
        this.reservedBytes -= reserved
        this.pump()
      })
    }
  }

  private async execute(id: TransferId, spec: TransferSpec): Promise<void> {
    const controller = this.controllers.get(id) ?? new AbortController()
    let lastEmit = 0
    // Counts are kept at once but told at most every PROGRESS_INTERVAL_MS, and when complete;
    // a change of state is told at once.
    const count = (changes: Partial<Transfer>, complete: boolean) => {
      const current = this.transfers.get(id)
      if (!current) return
      const now = Date.now()
      if (changes.state !== undefined && changes.state !== current.state) {
        lastEmit = now
        this.patch(id, changes)
        return
      }
      this.transfers.set(id, { ...current, ...changes })
      if (complete || now - lastEmit >= PROGRESS_INTERVAL_MS) {
        lastEmit = now
        this.patch(id, {})
      }
    }
    this.patch(id, { state: 'running' })
    const control: JobControl = {
      id,
      signal: controller.signal,
      progress: (transferredBytes, totalBytes) => {
        const state = this.transfers.get(id)?.state
        // Back from a drop, or on from encrypting: running again. Verifying stays verifying.
        const resumes = state === 'reconnecting' || state === 'encrypting'
        count(
          { transferredBytes, totalBytes, ...(resumes ? { state: 'running' as const } : {}) },
          transferredBytes === totalBytes,
        )
      },
      working: (step, doneBytes, totalBytes) =>
        count({ state: step, work: { doneBytes, totalBytes } }, doneBytes === totalBytes),
      verifying: () => this.patch(id, { state: 'verifying' }),
      reconnecting: () => this.patch(id, { state: 'reconnecting' }),
    }
    try {
      await spec.run(control)
      this.finish(id, 'done')
    } catch (error) {
      const apiError = toApiError(error)
      if (apiError.kind === 'cancelled' || controller.signal.aborted) {
        this.finish(id, 'cancelled', apiError.kind === 'cancelled' ? undefined : apiError)
      } else {
        if (apiError.kind === 'internal')
          this.logger.error('Transfer failed unexpectedly', { id, name: spec.name, error })
        else
          this.logger.warn('Transfer failed', {
            id,
            name: spec.name,
            kind: apiError.kind,
            message: apiError.message,
          })
        this.finish(id, 'failed', apiError)
      }
    }
  }

  private finish(
    id: TransferId,
    state: 'done' | 'failed' | 'cancelled',
    error?: ReturnType<typeof toApiError>,
  ): void {
    this.controllers.delete(id)
    this.patch(
      id,
      error ? { state, error, finishedAt: Date.now() } : { state, finishedAt: Date.now() },
    )
    for (const listener of [...this.finishListeners]) listener(id)
    this.forgetOldest()
  }

  private patch(id: TransferId, changes: Partial<Transfer>): void {
    const current = this.transfers.get(id)
    if (!current) return
    const next = { ...current, ...changes }
    // How far a step on the file got means nothing once the transfer has moved on from it.
    if (next.state !== 'encrypting' && next.state !== 'decrypting') delete next.work
    this.update(next)
  }

  private update(transfer: Transfer): void {
    this.transfers.set(transfer.id, transfer)
    this.events.emit('transfer:update', transfer)
  }

  private forgetOldest(): void {
    for (const [id, transfer] of this.transfers) {
      if (this.transfers.size <= FINISHED_KEPT) return
      if (transfer.finishedAt !== undefined) {
        this.transfers.delete(id)
        this.specs.delete(id)
      }
    }
  }
}

/** What a transfer's row shows of its spec before any byte has moved. */
function describeSpec(id: TransferId, spec: TransferSpec) {
  return {
    id,
    profileId: spec.profileId,
    direction: spec.direction,
    name: spec.name,
    remotePath: spec.remotePath,
    localPath: spec.localPath,
    totalBytes: spec.totalBytes,
    transferredBytes: 0,
  }
}
