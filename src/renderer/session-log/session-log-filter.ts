import type { SessionLogEntry, SessionLogLevel } from '../../shared/session-log'

/** Which levels a person asked to see: everything, or only what went wrong. */
export type LevelFilter = 'all' | 'warn' | 'error'

const RANK: Record<SessionLogLevel, number> = { info: 0, warn: 1, error: 2 }
const LEAST: Record<LevelFilter, number> = { all: 0, warn: 1, error: 2 }

/** The entries at or above `level` whose message, category, profile or details hold `text`. */
export function filterEntries(
  entries: readonly SessionLogEntry[],
  level: LevelFilter,
  text: string,
): readonly SessionLogEntry[] {
  const wanted = text.trim().toLowerCase()
  if (level === 'all' && wanted === '') return entries
  return entries.filter(
    (entry) =>
      RANK[entry.level] >= LEAST[level] && (wanted === '' || searchable(entry).includes(wanted)),
  )
}

function searchable(entry: SessionLogEntry): string {
  return [
    entry.message,
    entry.category,
    entry.profileName ?? '',
    ...Object.values(entry.details ?? {}),
  ]
    .join('\n')
    .toLowerCase()
}

/** "14:03:07" today, "12 Mar 14:03:07" another day: the log's time column. */
export function entryTime(at: string, now = new Date()): string {
  const when = new Date(at)
  const time = when.toLocaleTimeString('en-GB', { hour12: false })
  return when.toDateString() === now.toDateString()
    ? time
    : `${when.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time}`
}
