import { describe, expect, it } from 'vitest'
import type { ProfileId } from '../../../src/shared/domain'
import {
  findProfile,
  initialProfiles,
  isFirstRun,
  profilesReducer,
  unsharedKeyOf,
  type ProfilesState,
} from '../../../src/renderer/state/profiles'
import { keyWithId, profileNamed } from './fixtures'

const first = profileNamed('profile-1', 'ACME', 'key-00001')
const second = profileNamed('profile-2', 'Globex', 'key-00001')
const third = profileNamed('profile-3', 'Initech', 'key-00003')

describe('profilesReducer', () => {
  it('chooses the first profile at start, but keeps one chosen before the list arrived', () => {
    const loaded = profilesReducer(initialProfiles, {
      type: 'profiles-loaded',
      profiles: [first, second],
    })
    expect(loaded.selectedId).toBe(first.id)

    const chosenEarly = profilesReducer(initialProfiles, {
      type: 'profile-selected',
      profileId: second.id,
    })
    const loadedLater = profilesReducer(chosenEarly, {
      type: 'profiles-loaded',
      profiles: [first, second],
    })
    expect(loadedLater.selectedId).toBe(second.id)
  })

  it('a new list keeps the choice unless it names another profile to choose', () => {
    const state: ProfilesState = { loaded: true, list: [first], selectedId: first.id, keys: [] }
    const cloned = profilesReducer(state, { type: 'profiles-listed', profiles: [first, second] })
    expect(cloned.list).toEqual([first, second])
    expect(cloned.selectedId).toBe(first.id)

    const saved = profilesReducer(state, {
      type: 'profiles-listed',
      profiles: [first, second],
      select: second.id,
    })
    expect(saved.selectedId).toBe(second.id)
  })

  it('an empty list after deleting the last profile leaves nothing chosen', () => {
    const state: ProfilesState = { loaded: true, list: [first], selectedId: first.id, keys: [] }
    const deleted = profilesReducer(
      profilesReducer(state, { type: 'profiles-listed', profiles: [] }),
      { type: 'profile-selected', profileId: undefined },
    )
    expect(deleted.list).toEqual([])
    expect(deleted.selectedId).toBeUndefined()
  })

  it('keeps the keys as listed, apart from the profiles', () => {
    const keys = [keyWithId('key-00001')]
    const state = profilesReducer(
      { loaded: true, list: [first], selectedId: first.id, keys: [] },
      { type: 'keys-listed', keys },
    )
    expect(state).toEqual({ loaded: true, list: [first], selectedId: first.id, keys })
  })
})

describe('a new install', () => {
  it('is one whose profiles were read and are none: not while they are still being read', () => {
    expect(isFirstRun(initialProfiles)).toBe(false)
    const none = profilesReducer(initialProfiles, { type: 'profiles-loaded', profiles: [] })
    expect(isFirstRun(none)).toBe(true)
    expect(isFirstRun(profilesReducer(none, { type: 'profiles-listed', profiles: [first] }))).toBe(
      false,
    )
  })
})

describe('finding profiles and keys', () => {
  const state: ProfilesState = {
    loaded: true,
    list: [first, second, third],
    keys: [keyWithId('key-00001'), keyWithId('key-00003')],
  }

  it('finds a profile by id, and nothing for no id or an unknown one', () => {
    expect(findProfile(state, second.id)).toBe(second)
    expect(findProfile(state, undefined)).toBeUndefined()
    expect(findProfile(state, 'profile-9' as ProfileId)).toBeUndefined()
  })

  it("offers to delete a profile's key only when no other profile uses it", () => {
    expect(unsharedKeyOf(state, third)?.id).toBe('key-00003')
    expect(unsharedKeyOf(state, first)).toBeUndefined()
    expect(unsharedKeyOf(state, profileNamed('profile-4', 'No key'))).toBeUndefined()
  })
})
