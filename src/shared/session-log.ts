import { z } from 'zod'
import { profileId } from './domain'

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

/** The entries as a plain text file for support: one line per entry, details after it. */
export function sessionLogText(
  entries: readonly SessionLogEntry[],
  header: readonly string[],
): string {
  const lines = header.map((line) => `# ${line}`)
  for (const entry of entries) {
    const profile = entry.profileName ?? entry.profileId ?? '-'
    const details = Object.entries(entry.details ?? {})
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(' ')
    lines.push(
      [
        entry.at,
        entry.level.toUpperCase().padEnd(5),
        entry.category.padEnd(14),
        `[${profile}]`,
        entry.message,
        ...(details ? [`(${details})`] : []),
      ].join(' '),
    )
  }
  return `${lines.join('\n')}\n`
}
