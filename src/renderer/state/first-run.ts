import type { ProfileId } from '../../shared/domain'

/**
 * The way from a new profile to its first file sent (DESIGN.md section 8), as far as this window
 * has seen it: which keys wait for their provider, and which profiles have not connected yet.
 */
export interface FirstRunState {
  /**
   * Profiles whose key was made here and has not let them log in yet: a refused login then
   * means the provider has not registered it, and is said so in the gateway's words.
   */
  readonly awaitingKey: ReadonlySet<ProfileId>
  /** Profiles made in this window that have not connected yet: the first connection shows the send mailbox. */
  readonly notYetConnected: ReadonlySet<ProfileId>
}

export type FirstRunAction =
  | {
      readonly type: 'profile-saved'
      readonly profileId: ProfileId
      /** A new profile, not one edited. */
      readonly created: boolean
      /** Its key was made in the Profile dialog just now. */
      readonly keyMadeHere: boolean
    }
  /** The profile logged in: its key is registered. */
  | { readonly type: 'key-accepted'; readonly profileId: ProfileId }
  /** The first connection's mailboxes were found, and its send mailbox shown if it has one. */
  | { readonly type: 'first-mailboxes-shown'; readonly profileId: ProfileId }

export const initialFirstRun: FirstRunState = { awaitingKey: new Set(), notYetConnected: new Set() }

const withId = (set: ReadonlySet<ProfileId>, id: ProfileId, present: boolean) => {
  if (set.has(id) === present) return set
  const next = new Set(set)
  if (present) next.add(id)
  else next.delete(id)
  return next
}

export function firstRunReducer(state: FirstRunState, action: FirstRunAction): FirstRunState {
  let next: FirstRunState
  switch (action.type) {
    case 'profile-saved':
      next = {
        // A key made again for a profile replaces the one that was waiting; a stored key
        // chosen instead may well be registered already.
        awaitingKey: withId(state.awaitingKey, action.profileId, action.keyMadeHere),
        notYetConnected: action.created
          ? withId(state.notYetConnected, action.profileId, true)
          : state.notYetConnected,
      }
      break
    case 'key-accepted':
      next = { ...state, awaitingKey: withId(state.awaitingKey, action.profileId, false) }
      break
    case 'first-mailboxes-shown':
      next = {
        ...state,
        notYetConnected: withId(state.notYetConnected, action.profileId, false),
      }
      break
  }
  return next.awaitingKey === state.awaitingKey && next.notYetConnected === state.notYetConnected
    ? state
    : next
}

/** Whether a refused login of this profile means its new key is not registered yet. */
export function awaitsKeyRegistration(state: FirstRunState, profileId: ProfileId): boolean {
  return state.awaitingKey.has(profileId)
}
