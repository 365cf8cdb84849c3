import { describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../src/shared/domain'
import type { RemotePath } from '../../../src/shared/remote-path'
import {
  appReducer,
  initialAppState,
  type AppAction,
  type AppState,
} from '../../../src/renderer/state/app-state'
import { fileAt, profileNamed, sessionFor } from './fixtures'

const inbox = 'pickup' as RemotePath
const run = (actions: readonly AppAction[], from: AppState = initialAppState) =>
  actions.reduce(appReducer, from)

/** Connected to profile-1, its mailboxes found and its inbox listed with one file selected. */
const browsing = run([
  { type: 'connect-started', profileId: sessionFor('profile-1').profileId },
  { type: 'connected', info: sessionFor('profile-1') },
  {
    type: 'layout-discovered',
    layout: { preset: 'generic', groups: [], problems: ['No pickup folder.'] },
  },
  { type: 'folder-chosen', folder: inbox },
  { type: 'listing-started', folder: inbox, listingId: 'l1' },
  { type: 'listing-done', folder: inbox, listingId: 'l1', files: [fileAt('pickup/a.edi')] },
  { type: 'files-selected', selected: new Set([fileAt('pickup/a.edi').path]) },
])

describe('appReducer', () => {
  it("hands each action to its own domain and leaves the others' state as it was", () => {
    const profiles = [profileNamed('profile-1', 'ACME')]
    const next = appReducer(browsing, { type: 'profiles-loaded', profiles })
    expect(next.profiles.list).toBe(profiles)
    for (const part of [
      'session',
      'transfers',
      'mailboxes',
      'listing',
      'dialogs',
      'banners',
    ] as const)
      expect(next[part]).toBe(browsing[part])

    const info: AppInfo = {
      version: '0.1.0',
      transport: 'web',
      nativeDialogs: false,
      usualPaths: { winscp: '', filezilla: '', openssh: '', knownHosts: '' },
    }
    expect(appReducer(browsing, { type: 'app-info-read', info }).info).toBe(info)
  })

  it('an action that changes nothing gives back the same state, so nothing is drawn again', () => {
    expect(appReducer(browsing, { type: 'dialog-closed', kind: 'session-log' })).toBe(browsing)
    expect(appReducer(browsing, { type: 'listing-progress', listingId: 'gone', count: 1 })).toBe(
      browsing,
    )
  })

  it("disconnecting clears the last server's mailboxes, folder, files and selection", () => {
    expect(browsing.mailboxes.layout).toBeDefined()
    expect(browsing.listing.selected.size).toBe(1)
    const closed = appReducer(browsing, {
      type: 'disconnected',
      profileId: sessionFor('profile-1').profileId,
    })
    expect(closed.session).toEqual({ status: 'disconnected' })
    expect(closed.mailboxes.layout).toBeUndefined()
    expect(closed.listing.folder).toBeUndefined()
    expect(closed.listing.listing).toBeUndefined()
    expect(closed.listing.selected.size).toBe(0)
  })

  it('a reconnect to the same profile keeps what is shown', () => {
    const reason = { kind: 'connection-lost' as const, message: 'The connection was lost.' }
    const { profileId } = sessionFor('profile-1')
    const back = run(
      [
        { type: 'reconnecting', profileId, reason, attempt: 1 },
        { type: 'connected', info: sessionFor('profile-1') },
      ],
      browsing,
    )
    expect(back.mailboxes).toBe(browsing.mailboxes)
    expect(back.listing).toBe(browsing.listing)
  })
})
