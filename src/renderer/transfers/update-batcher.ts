/**
 * How often the Transfers panel takes the updates in: about seven times a second, which a
 * progress bar and a byte count read as smooth. Once a frame (60 a second), drawing a
 * 3,000-file pickup cost Chromium 8 s of CPU beside the 3 s of the pickup itself, on the
 * same two cores, and the pickup took 2.7 times as long through the UI as through dispatch.
 */
export const UPDATE_INTERVAL_MS = 150

/**
 * Collects updates that arrive between two renders and hands them over together, the latest
 * of each item only: a page that re-rendered on every progress event of a 10,000-file batch
 * stopped answering.
 */
export class UpdateBatcher<T extends { readonly id: string }> {
  private pending = new Map<string, T>()
  private scheduled = false

  constructor(
    private readonly flush: (batch: readonly T[]) => void,
    private readonly schedule: (run: () => void) => void = (run) =>
      setTimeout(() => {
        // A hidden page gets no frames; the timer alone still delivers.
        if (typeof document !== 'undefined' && document.hidden) run()
        else requestAnimationFrame(run)
      }, UPDATE_INTERVAL_MS),
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
