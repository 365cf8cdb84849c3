import { useCallback, useEffect, useState } from 'react'
import type { ProfileId, RemoteEntry } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'
import { remotePath, type RemotePath } from '../../shared/remote-path'
import { asApiError, type MailroomClient } from '../api/client'

/** A folder's subfolders as last listed, while listing, or why listing failed. */
export type FolderChildren =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly folders: readonly RemoteEntry[] }
  | { readonly state: 'failed'; readonly error: ApiError }

export const ROOT = remotePath.parse('')

/** The remote folder tree of one session, listed lazily as folders are expanded. */
export function useFolderTree(client: MailroomClient, profileId: ProfileId | undefined) {
  const [children, setChildren] = useState<ReadonlyMap<RemotePath, FolderChildren>>(new Map())
  const [expanded, setExpanded] = useState<ReadonlySet<RemotePath>>(new Set())

  const load = useCallback(
    async (path: RemotePath) => {
      if (!profileId) return
      setChildren((current) => new Map(current).set(path, { state: 'loading' }))
      let next: FolderChildren
      try {
        const entries = await client.call('remote:list', { profileId, path })
        const folders = entries
          .filter((entry) => entry.kind === 'directory')
          .sort((a, b) => a.name.localeCompare(b.name))
        next = { state: 'loaded', folders }
      } catch (error) {
        next = { state: 'failed', error: asApiError(error) }
      }
      setChildren((current) => new Map(current).set(path, next))
    },
    [client, profileId],
  )

  useEffect(() => {
    setChildren(new Map())
    setExpanded(new Set())
    if (profileId) void load(ROOT)
  }, [profileId, load])

  const toggle = useCallback(
    (path: RemotePath, open?: boolean) => {
      setExpanded((current) => {
        const willOpen = open ?? !current.has(path)
        const next = new Set(current)
        if (willOpen) next.add(path)
        else next.delete(path)
        return next
      })
      if ((open ?? !expanded.has(path)) && !children.has(path)) void load(path)
    },
    [children, expanded, load],
  )

  return { children, expanded, toggle, reload: load }
}
