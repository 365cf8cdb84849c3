import type { KeyInfo, Profile, ProfileId } from '../../shared/domain'

/** The renderer's copy of the profiles and stored keys, and the profile chosen in the list. */
export interface ProfilesState {
  /** Whether the first reading has come: until then no profile does not mean a new install. */
  readonly loaded: boolean
  readonly list: readonly Profile[]
  /** The profile chosen in the list: what Connect, Edit, Clone and Delete act on. */
  readonly selectedId?: ProfileId
  /** Public halves and facts of the stored keys, for the profile dialog and deleting a profile. */
  readonly keys: readonly KeyInfo[]
}

export type ProfilesAction =
  /** The first reading at start: the first profile is chosen unless one already is. */
  | { readonly type: 'profiles-loaded'; readonly profiles: readonly Profile[] }
  /** A reading after a change (saved, cloned, deleted, imported), choosing `select` if given. */
  | {
      readonly type: 'profiles-listed'
      readonly profiles: readonly Profile[]
      readonly select?: ProfileId
    }
  | { readonly type: 'profile-selected'; readonly profileId: ProfileId | undefined }
  | { readonly type: 'keys-listed'; readonly keys: readonly KeyInfo[] }

export const initialProfiles: ProfilesState = { loaded: false, list: [], keys: [] }

export function profilesReducer(state: ProfilesState, action: ProfilesAction): ProfilesState {
  switch (action.type) {
    case 'profiles-loaded':
      return {
        ...state,
        loaded: true,
        list: action.profiles,
        selectedId: state.selectedId ?? action.profiles[0]?.id,
      }
    case 'profiles-listed':
      return {
        ...state,
        loaded: true,
        list: action.profiles,
        selectedId: action.select ?? state.selectedId,
      }
    case 'profile-selected':
      return { ...state, selectedId: action.profileId }
    case 'keys-listed':
      return { ...state, keys: action.keys }
  }
}

/** The profile with this id, if it is in the list. */
export function findProfile(state: ProfilesState, id: ProfileId | undefined): Profile | undefined {
  return id === undefined ? undefined : state.list.find((candidate) => candidate.id === id)
}

/**
 * The profile's key when no other profile uses it: deleting the profile may delete it too.
 * A key two profiles share is never offered.
 */
export function unsharedKeyOf(state: ProfilesState, profile: Profile): KeyInfo | undefined {
  if (profile.keyId === null) return undefined
  const users = state.list.filter((candidate) => candidate.keyId === profile.keyId).length
  return users === 1 ? state.keys.find((key) => key.id === profile.keyId) : undefined
}

/** A new install: the profiles have been read and there are none, so the first screen shows. */
export function isFirstRun(state: ProfilesState): boolean {
  return state.loaded && state.list.length === 0
}
