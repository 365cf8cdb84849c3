import type { MailboxFile } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'
import type { RemotePath } from '../../shared/remote-path'

/** One listing of a folder: running (its id, to cancel it, and the entries read so far), or its outcome. */
export interface Listing {
  readonly folder: RemotePath
  readonly files?: readonly MailboxFile[]
  readonly error?: ApiError
  readonly listingId?: string
  readonly count?: number
}

/** The folder shown in "Files", its listing, and the files selected in it. */
export interface ListingState {
  /** A gateway mailbox or, when browsing, a plain folder; none until one is chosen. */
  readonly folder?: RemotePath
  /** The last listing started; it may still be of a folder shown before. */
  readonly listing?: Listing
  readonly selected: ReadonlySet<RemotePath>
}

export type ListingAction =
  | { readonly type: 'folder-chosen'; readonly folder: RemotePath }
  | { readonly type: 'listing-started'; readonly folder: RemotePath; readonly listingId: string }
  | { readonly type: 'listing-progress'; readonly listingId: string; readonly count: number }
  | {
      readonly type: 'listing-done'
      readonly folder: RemotePath
      readonly listingId: string
      readonly files: readonly MailboxFile[]
    }
  | {
      readonly type: 'listing-failed'
      readonly folder: RemotePath
      readonly listingId: string
      readonly error: ApiError
    }
  | { readonly type: 'files-selected'; readonly selected: ReadonlySet<RemotePath> }

export const initialListing: ListingState = { selected: new Set() }

export function listingReducer(state: ListingState, action: ListingAction): ListingState {
  switch (action.type) {
    case 'folder-chosen':
      return { ...state, folder: action.folder, selected: new Set() }
    case 'listing-started':
      return {
        ...state,
        listing: { folder: action.folder, listingId: action.listingId, count: 0 },
      }
    case 'listing-progress': {
      const { listing } = state
      // A listing that finished, or was replaced by a newer one, has nothing left to count.
      if (listing?.listingId !== action.listingId || listing.files) return state
      return { ...state, listing: { ...listing, count: action.count } }
    }
    case 'listing-done': {
      if (state.listing?.listingId !== action.listingId) return state
      const listed = new Set(action.files.map((file) => file.path))
      return {
        ...state,
        listing: { folder: action.folder, files: action.files },
        // Files gone from the folder (picked up, say) cannot stay selected.
        selected: new Set([...state.selected].filter((path) => listed.has(path))),
      }
    }
    case 'listing-failed': {
      if (state.listing?.listingId !== action.listingId) return state
      const error =
        action.error.kind === 'cancelled'
          ? { ...action.error, message: 'Listing cancelled. Press Refresh (F5) to list again.' }
          : action.error
      return { ...state, listing: { folder: action.folder, error } }
    }
    case 'files-selected':
      return { ...state, selected: action.selected }
  }
}

/** What "Files" shows of the folder chosen: a listing of another folder shows nothing. */
export function shownListing(state: ListingState): Listing | undefined {
  return state.listing !== undefined && state.listing.folder === state.folder
    ? state.listing
    : undefined
}
