import type { MailroomStore } from '../store/mailroom-store'

// Longer than any preset's duplicate window (shared/presets.ts), so none outlives the record.
const KEPT_MS = 7 * 24 * 60 * 60 * 1000

export interface RecentSend {
  readonly name: string
  readonly sentAt: number
  /** A name with a suffix that was not sent recently, to offer instead. */
  readonly suggestion: string
}

/** What was sent where and when, per profile, so a duplicate can be caught before it is sent. */
export class SentLog {
  constructor(private readonly store: MailroomStore) {}

  record(profileId: string, folder: string, name: string, now = Date.now()): void {
    this.store.sentFiles.record([{ profileId, folder, name, sentAt: now }], now - KEPT_MS)
  }

  /** Every name sent to `folder` within `windowMs`, so a new name can avoid them all. */
  namesSince(profileId: string, folder: string, windowMs: number, now = Date.now()): Set<string> {
    return new Set(this.store.sentFiles.sentSince(profileId, folder, now - windowMs + 1).keys())
  }

  /**
   * The names among `names` sent to `folder` within `windowMs`, newest send first. With
   * `extension` (`.pgp`, `.asc`: the mailbox sends encrypted), each name is looked up as it
   * goes on the server, `name + extension`, and the suggestion is a plain name that is free
   * once it gains the extension.
   */
  recent(
    profileId: string,
    folder: string,
    names: readonly string[],
    windowMs: number,
    now = Date.now(),
    extension = '',
  ): RecentSend[] {
    const sent = this.store.sentFiles.sentSince(profileId, folder, now - windowMs + 1)
    const taken = new Set(
      [...sent.keys()].flatMap((name) =>
        name.endsWith(extension) ? [name.slice(0, name.length - extension.length)] : [],
      ),
    )
    return names.flatMap((name) => {
      const sentAt = sent.get(`${name}${extension}`)
      return sentAt === undefined
        ? []
        : [{ name, sentAt, suggestion: withSuffix(name, now, taken) }]
    })
  }
}

/** "invoice.xml" -> "invoice-20261123-031500.xml" (then "-2", "-3"… if that was sent too). */
export function withSuffix(name: string, now: number, taken: ReadonlySet<string>): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  const dot = name.lastIndexOf('.')
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
  let candidate = `${stem}-${stamp}${extension}`
  for (let attempt = 2; taken.has(candidate); attempt += 1)
    candidate = `${stem}-${stamp}-${attempt}${extension}`
  return candidate
}
