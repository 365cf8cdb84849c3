import { discoverMailboxes } from '../../mailbox/discover-mailboxes'
import { listMailboxFiles } from '../../mailbox/list-mailbox-files'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Finding a profile's mailboxes and listing their files (a long listing can be cancelled). */
export function mailboxHandlers({
  sessions,
  profiles,
  events,
  sessionLog,
}: Pick<HandlerDeps, 'sessions' | 'profiles' | 'events' | 'sessionLog'>): HandlersFor<
  'mailboxes:discover' | 'mailboxes:list-files' | 'mailboxes:cancel-listing' | 'remote:list'
> {
  // Listings that may be cancelled, by the id the UI gave them.
  const listings = new Map<string, AbortController>()
  return {
    'mailboxes:discover': async ({ profileId }) =>
      discoverMailboxes(await sessions.current(profileId), profiles.get(profileId)),
    'mailboxes:list-files': async ({ profileId, path, receive, listingId }) => {
      const controller = new AbortController()
      if (listingId) listings.set(listingId, controller)
      const skipped: string[] = []
      try {
        return await listMailboxFiles(
          await sessions.current(profileId, controller.signal),
          path,
          receive,
          {
            signal: controller.signal,
            onSkipped: (name, reason) =>
              skipped.push(`${name.length > 80 ? `${name.slice(0, 77)}…` : name} (${reason})`),
            ...(listingId
              ? {
                  onProgress: (count: number) =>
                    events.emit('listing:progress', { listingId, count }),
                }
              : {}),
          },
        )
      } finally {
        if (listingId) listings.delete(listingId)
        // A hostile or broken server's names are left out, never touched; the person is told.
        if (skipped.length > 0)
          sessionLog.record({
            level: 'warn',
            category: 'mailbox',
            profileId,
            message: `${skipped.length} name${skipped.length === 1 ? '' : 's'} in ${path || 'the login folder'} left out: no path can address ${skipped.length === 1 ? 'it' : 'them'} (${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''}). Mailroom neither shows nor picks up such files; ask the provider about them.`,
          })
      }
    },
    'mailboxes:cancel-listing': async ({ listingId }) => {
      listings.get(listingId)?.abort()
      return null
    },
    'remote:list': async ({ profileId, path }) => (await sessions.current(profileId)).list(path),
  }
}
