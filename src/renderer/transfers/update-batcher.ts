/**
 * Collects updates that arrive between two frames and hands them over together, the latest
 * of each item only: a page that re-rendered on every progress event of a 10,000-file batch
 * stopped answering.
 */
export class UpdateBatcher<T extends { readonly id: string }> {
  private pending = new Map<string, T>()
  private scheduled = false

  constructor(
    private readonly flush: (batch: readonly T[]) => void,
    private readonly schedule: (run: () => void) => void = (run) => {
      // A hidden page gets no frames; a timer still delivers, more slowly.
      if (typeof document !== 'undefined' && document.hidden) setTimeout(run, 250)
      else requestAnimationFrame(run)
    },
  ) {}

  add(update: T): void {
    this.pending.set(update.id, update)
    if (this.scheduled) return
    this.scheduled = true
    this.schedule(() => {
      this.scheduled = false
      const batch = [...this.pending.values()]
      this.pending = new Map()
      this.flush(batch)
    })
  }
}
