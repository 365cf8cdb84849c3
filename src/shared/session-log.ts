import { z } from 'zod'
import { profileId } from './domain'
import { nameParts } from './invisible-characters'

/**
 * The session log's entries, as WinSCP's session log shows them to a person and to support:
 * what Mailroom did with each server, when, and how it went. Plain data, already redacted on
 * the main side: nothing here may ever hold a secret.
 */
export const sessionLogLevel = z.enum(['info', 'warn', 'error'])
export type SessionLogLevel = z.infer<typeof sessionLogLevel>

export const sessionLogCategory = z.enum([
  'connection',
  'authentication',
  'host-key',
  'transfer',
  'mailbox',
  'command',
  'error',
])
export type SessionLogCategory = z.infer<typeof sessionLogCategory>

export const sessionLogEntry = z.object({
  /** Increasing in the order entries were stored, across the app's and the command's runs. */
  id: z.number().int().positive(),
  /** ISO 8601 time the entry happened. */
  at: z.string(),
  level: sessionLogLevel,
  category: sessionLogCategory,
  profileId: profileId.optional(),
  /** The profile's name when the entry was made, so a saved log reads well after a rename. */
  profileName: z.string().optional(),
  message: z.string(),
  /** Facts for support (host, port, file size, duration, error kind), as short strings. */
  details: z.record(z.string(), z.string()).optional(),
})
export type SessionLogEntry = z.infer<typeof sessionLogEntry>

/**
 * Text from anywhere (a remote file name, a server's status message) as it may stand on one line
 * of the saved log: each control, invisible or text-reordering character written as its code in
 * brackets, as the UI draws it ("invoice[U+000A]2026-01-01 INFO ..."). A line break in a name
 * from a server would otherwise start a line of the server's own making in a log people send to
 * support, and a right-to-left override would reorder what a person reads there.
 */
export function logLineText(text: string): string {
  return nameParts(text)
    .map((part) => (part.kind === 'text' ? part.text : `[${part.code}]`))
    .join('')
}

/** The entries as a plain text file for support: one line per entry, details after it. */
export function sessionLogText(
  entries: readonly SessionLogEntry[],
  header: readonly string[],
): string {
  const lines = header.map((line) => `# ${logLineText(line)}`)
  for (const entry of entries) {
    const profile = entry.profileName ?? entry.profileId ?? '-'
    // JSON.stringify escapes C0 controls but not C1 ones, U+2028 or the bidirectional marks.
    const details = Object.entries(entry.details ?? {})
      .map(([key, value]) => `${logLineText(key)}=${logLineText(JSON.stringify(value))}`)
      .join(' ')
    lines.push(
      [
        entry.at,
        entry.level.toUpperCase().padEnd(5),
        entry.category.padEnd(14),
        `[${logLineText(profile)}]`,
        logLineText(entry.message),
        ...(details ? [`(${details})`] : []),
      ].join(' '),
    )
  }
  return `${lines.join('\n')}\n`
}
