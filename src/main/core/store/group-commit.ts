interface Waiting<Step> {
  readonly step: Step
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/**
 * Group commit for a journal: the steps of all the files a batch runs at once share one
 * transaction, so one flush to disk, instead of one each. node:sqlite is synchronous, so a
 * commit never runs while other code does: "commit now unless one is running" would commit every
 * step alone. Instead a step waits for the end of the event loop's turn (setImmediate): every
 * step appended by the network replies handled in that turn goes into one commit, and while that
 * commit's flush blocks, the next replies pile up for the next one, so a batch grows with the
 * flush's cost.
 */
export class GroupCommit<Step> {
  private waiting: Array<Waiting<Step>> = []
  private scheduled: ReturnType<typeof setImmediate> | undefined

  /** `apply` writes the steps, in order, in one transaction, or throws and writes none. */
  constructor(private readonly apply: (steps: readonly Step[]) => void) {}

  /**
   * Records one step. The promise resolves once the step is committed (on disk), and rejects,
   * with the store's error, if its commit failed: then nothing of that commit was recorded.
   */
  append(step: Step): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ step, resolve, reject })
      this.scheduled ??= setImmediate(() => this.flush())
    })
  }

  /**
   * Commits every waiting step, in the order appended, in one transaction, then settles their
   * promises. Reads call it first, so a read sees every step appended before it, as when each
   * append committed at once (a failed commit is the appenders' to report; the read goes on).
   */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
    const batch = this.waiting
    if (batch.length === 0) return
    this.waiting = []
    try {
      this.apply(batch.map((waiting) => waiting.step))
    } catch (error) {
      for (const waiting of batch) waiting.reject(error)
      return
    }
    for (const waiting of batch) waiting.resolve()
  }
}
