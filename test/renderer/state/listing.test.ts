import { describe, expect, it } from 'vitest'
import type { RemotePath } from '../../../src/shared/remote-path'
import {
  initialListing,
  listingReducer,
  shownListing,
  type ListingAction,
  type ListingState,
} from '../../../src/renderer/state/listing'
import { fileAt } from './fixtures'

const inbox = 'as2gateway/RJ_ONE/DemoAS2/inbox' as RemotePath
const outbox = 'as2gateway/RJ_ONE/DemoAS2/outbox' as RemotePath
const invoice = fileAt(`${inbox}/invoice.pdf`)
const order = fileAt(`${inbox}/order.xml`)

const run = (actions: readonly ListingAction[], from: ListingState = initialListing) =>
  actions.reduce(listingReducer, from)

describe('listingReducer', () => {
  it('shows a folder as listing, counting entries, then its files', () => {
    const listing = run([
      { type: 'folder-chosen', folder: inbox },
      { type: 'listing-started', folder: inbox, listingId: 'l1' },
      { type: 'listing-progress', listingId: 'l1', count: 500 },
    ])
    expect(shownListing(listing)).toEqual({ folder: inbox, listingId: 'l1', count: 500 })

    const listed = listingReducer(listing, {
      type: 'listing-done',
      folder: inbox,
      listingId: 'l1',
      files: [invoice, order],
    })
    expect(shownListing(listed)).toEqual({ folder: inbox, files: [invoice, order] })
    // A late count for a finished listing changes nothing.
    expect(listingReducer(listed, { type: 'listing-progress', listingId: 'l1', count: 9 })).toBe(
      listed,
    )
  })

  it('ignores the answer and the counts of a listing a newer one replaced', () => {
    const state = run([
      { type: 'folder-chosen', folder: inbox },
      { type: 'listing-started', folder: inbox, listingId: 'old' },
      { type: 'folder-chosen', folder: outbox },
      { type: 'listing-started', folder: outbox, listingId: 'new' },
    ])
    expect(listingReducer(state, { type: 'listing-progress', listingId: 'old', count: 3 })).toBe(
      state,
    )
    const late = {
      type: 'listing-done',
      folder: inbox,
      listingId: 'old',
      files: [invoice],
    } as const
    expect(listingReducer(state, late)).toBe(state)
    const failed = {
      type: 'listing-failed',
      folder: inbox,
      listingId: 'old',
      error: { kind: 'connection-lost', message: 'Lost.' },
    } as const
    expect(listingReducer(state, failed)).toBe(state)
    expect(shownListing(state)).toEqual({ folder: outbox, listingId: 'new', count: 0 })
  })

  it('says how to list again after a listing was cancelled, and other errors as they are', () => {
    const started = run([
      { type: 'folder-chosen', folder: inbox },
      { type: 'listing-started', folder: inbox, listingId: 'l1' },
    ])
    const cancelled = listingReducer(started, {
      type: 'listing-failed',
      folder: inbox,
      listingId: 'l1',
      error: { kind: 'cancelled', message: 'Cancelled.' },
    })
    expect(shownListing(cancelled)?.error).toEqual({
      kind: 'cancelled',
      message: 'Listing cancelled. Press Refresh (F5) to list again.',
    })
    const denied = { kind: 'permission-denied' as const, message: 'No access to inbox.' }
    const failed = listingReducer(started, {
      type: 'listing-failed',
      folder: inbox,
      listingId: 'l1',
      error: denied,
    })
    expect(shownListing(failed)).toEqual({ folder: inbox, error: denied })
  })

  it('keeps selected only the files still there after listing again', () => {
    const selected = run([
      { type: 'folder-chosen', folder: inbox },
      { type: 'listing-started', folder: inbox, listingId: 'l1' },
      { type: 'listing-done', folder: inbox, listingId: 'l1', files: [invoice, order] },
      { type: 'files-selected', selected: new Set([invoice.path, order.path]) },
    ])
    const relisted = run(
      [
        { type: 'listing-started', folder: inbox, listingId: 'l2' },
        { type: 'listing-done', folder: inbox, listingId: 'l2', files: [order] },
      ],
      selected,
    )
    expect([...relisted.selected]).toEqual([order.path])
  })

  it('choosing another folder clears the selection and shows nothing of the last listing', () => {
    const state = run([
      { type: 'folder-chosen', folder: inbox },
      { type: 'listing-started', folder: inbox, listingId: 'l1' },
      { type: 'listing-done', folder: inbox, listingId: 'l1', files: [invoice] },
      { type: 'files-selected', selected: new Set([invoice.path]) },
      { type: 'folder-chosen', folder: outbox },
    ])
    expect(state.folder).toBe(outbox)
    expect(state.selected.size).toBe(0)
    expect(shownListing(state)).toBeUndefined()
  })
})
