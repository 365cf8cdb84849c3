import { describe, expect, it } from 'vitest'
import type { ProfileId } from '../../../src/shared/domain'
import {
  awaitsKeyRegistration,
  firstRunReducer,
  initialFirstRun,
} from '../../../src/renderer/state/first-run'

const acme = 'profile-acme' as ProfileId
const globex = 'profile-globex' as ProfileId

describe('firstRunReducer', () => {
  it('a profile saved with a key made here waits for its provider until it logs in', () => {
    const saved = firstRunReducer(initialFirstRun, {
      type: 'profile-saved',
      profileId: acme,
      created: true,
      keyMadeHere: true,
    })
    expect(awaitsKeyRegistration(saved, acme)).toBe(true)
    expect(awaitsKeyRegistration(saved, globex)).toBe(false)
    const accepted = firstRunReducer(saved, { type: 'key-accepted', profileId: acme })
    expect(awaitsKeyRegistration(accepted, acme)).toBe(false)
  })

  it('a stored key chosen later, or an imported one, waits for nothing', () => {
    const saved = firstRunReducer(initialFirstRun, {
      type: 'profile-saved',
      profileId: acme,
      created: true,
      keyMadeHere: true,
    })
    const edited = firstRunReducer(saved, {
      type: 'profile-saved',
      profileId: acme,
      created: false,
      keyMadeHere: false,
    })
    expect(awaitsKeyRegistration(edited, acme)).toBe(false)
    const imported = firstRunReducer(initialFirstRun, {
      type: 'profile-saved',
      profileId: globex,
      created: true,
      keyMadeHere: false,
    })
    expect(awaitsKeyRegistration(imported, globex)).toBe(false)
  })

  it('remembers new profiles until their first mailboxes are shown; an edited one is not new', () => {
    const created = firstRunReducer(initialFirstRun, {
      type: 'profile-saved',
      profileId: acme,
      created: true,
      keyMadeHere: false,
    })
    expect(created.notYetConnected.has(acme)).toBe(true)
    const shown = firstRunReducer(created, { type: 'first-mailboxes-shown', profileId: acme })
    expect(shown.notYetConnected.has(acme)).toBe(false)
    const edited = firstRunReducer(shown, {
      type: 'profile-saved',
      profileId: acme,
      created: false,
      keyMadeHere: false,
    })
    expect(edited.notYetConnected.has(acme)).toBe(false)
  })

  it('returns the same state when nothing changes, so nothing is drawn again', () => {
    expect(firstRunReducer(initialFirstRun, { type: 'key-accepted', profileId: acme })).toBe(
      initialFirstRun,
    )
    expect(
      firstRunReducer(initialFirstRun, { type: 'first-mailboxes-shown', profileId: acme }),
    ).toBe(initialFirstRun)
  })
})
