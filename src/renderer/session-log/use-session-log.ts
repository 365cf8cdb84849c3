import { useCallback, useEffect, useState } from 'react'
import type { ProfileId } from '../../shared/domain'
import type { SessionLogEntry } from '../../shared/session-log'
import { asApiError, type MailroomClient } from '../api/client'

/** Entries read at once, and at most kept in the page (older ones are a "Show earlier" away). */
export const PAGE = 2_000
export const KEPT_IN_VIEW = 20_000

export interface SessionLogView {
  readonly entries: readonly SessionLogEntry[]
  readonly loading: boolean
  readonly error?: string
  /** Whether the main side may hold entries older than the first shown. */
  readonly moreBefore: boolean
  showEarlier(): void
}

/**
 * The session log as the dialog shows it: the last entries (of one profile, or all), then each
 * new one as the main side stores it (`log:entry`), newest last.
 */
export function useSessionLog(
  client: MailroomClient,
  profileId: ProfileId | undefined,
): SessionLogView {
  const [entries, setEntries] = useState<readonly SessionLogEntry[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string>()
  const [moreBefore, setMoreBefore] = useState(false)

  useEffect(() => {
    let live = true
    setLoading(true)
    setError(undefined)
    // New entries that arrive while the first page is read are merged in by id, never lost.
    const arrived: SessionLogEntry[] = []
    let loaded = false
    const unsubscribe = client.subscribe((event) => {
      if (event.name !== 'log:entry') return
      const entry = event.payload
      if (profileId !== undefined && entry.profileId !== profileId) return
      if (!loaded) {
        arrived.push(entry)
        return
      }
      setEntries((current) => appendNew(current, [entry]))
    })
    client
      .call('log:list', { ...(profileId ? { profileId } : {}), limit: PAGE })
      .then(
        (page) => {
          if (!live) return
          loaded = true
          setEntries(appendNew(page, arrived))
          setMoreBefore(page.length === PAGE)
        },
        (failure: unknown) => live && setError(asApiError(failure).message),
      )
      .finally(() => live && setLoading(false))
    return () => {
      live = false
      unsubscribe()
    }
  }, [client, profileId])

  const first = entries[0]?.id
  const showEarlier = useCallback(() => {
    if (first === undefined) return
    client
      .call('log:list', { ...(profileId ? { profileId } : {}), limit: PAGE, before: first })
      .then(
        (page) => {
          setEntries((current) => [...page, ...current])
          setMoreBefore(page.length === PAGE)
        },
        (failure: unknown) => setError(asApiError(failure).message),
      )
  }, [client, first, profileId])

  return { entries, loading, moreBefore, showEarlier, ...(error ? { error } : {}) }
}

/** `current` with the entries of `added` it does not have yet, bounded to KEPT_IN_VIEW. */
function appendNew(
  current: readonly SessionLogEntry[],
  added: readonly SessionLogEntry[],
): readonly SessionLogEntry[] {
  const last = current.at(-1)?.id ?? 0
  const fresh = added.filter((entry) => entry.id > last)
  if (fresh.length === 0) return current
  const next = [...current, ...fresh]
  return next.length > KEPT_IN_VIEW ? next.slice(next.length - KEPT_IN_VIEW) : next
}
