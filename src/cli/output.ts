/**
 * Where the command's words go: on a terminal, lines plus one progress line redrawn in place;
 * elsewhere (a scheduler's log, a pipe) plain lines only; with --json, nothing but one JSON
 * document on stdout at the end. Errors always go to stderr as well, so a log shows them.
 */
export type OutputMode = 'terminal' | 'plain' | 'json'

export class Output {
  private progressShown = false

  constructor(
    readonly mode: OutputMode,
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {}

  static forProcess(json: boolean): Output {
    return new Output(json ? 'json' : process.stdout.isTTY ? 'terminal' : 'plain')
  }

  /** A line for the person (not in --json, where the document says it). */
  line(text: string): void {
    if (this.mode === 'json') return
    this.clearProgress()
    this.out.write(`${text}\n`)
  }

  /** The progress line, redrawn in place on a terminal; nothing elsewhere. */
  progress(text: string): void {
    if (this.mode !== 'terminal') return
    const width = this.out.columns > 1 ? this.out.columns - 1 : 100
    this.out.write(`\r\u001b[2K${text.slice(0, width)}`)
    this.progressShown = true
  }

  error(text: string): void {
    this.clearProgress()
    this.err.write(`mailroom: ${text}\n`)
  }

  /** The --json result: one document, written once. */
  document(value: unknown): void {
    if (this.mode === 'json') this.out.write(`${JSON.stringify(value, null, 2)}\n`)
  }

  clearProgress(): void {
    if (!this.progressShown) return
    this.out.write('\r\u001b[2K')
    this.progressShown = false
  }
}

/** Bytes as a person reads them: 912 B, 14.2 KB, 3.1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = -1
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value.toFixed(1)} ${units[unit] ?? 'TB'}`
}

/** How long ago, roughly: 45 s, 12 min, 5 h, 3 days. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 90) return `${seconds} s`
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h`
  return `${Math.round(seconds / 86_400)} days`
}
