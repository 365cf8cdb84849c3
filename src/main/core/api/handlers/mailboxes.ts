import { discoverMailboxes } from '../../mailbox/discover-mailboxes'
import { listMailboxFiles } from '../../mailbox/list-mailbox-files'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Finding a profile's mailboxes and listing their files (a long listing can be cancelled). */
export function mailboxHandlers({
  sessions,
  profiles,
  events,
}: Pick<HandlerDeps, 'sessions' | 'profiles' | 'events'>): HandlersFor<
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
      try {
        return await listMailboxFiles(
          await sessions.current(profileId, controller.signal),
          path,
          receive,
          {
            signal: controller.signal,
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
      }
    },
    'mailboxes:cancel-listing': async ({ listingId }) => {
      listings.get(listingId)?.abort()
      return null
    },
    'remote:list': async ({ profileId, path }) => (await sessions.current(profileId)).list(path),
  }
}
