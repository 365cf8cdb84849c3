import type { HostKeyPrompt, ProfileId, SessionInfo } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'

/**
 * The connection as the UI shows it; the main side owns the truth and reports changes. Why a
 * connection failed or ended is shown by the app's error banner, not kept here.
 */
export type SessionState =
  | { readonly status: 'disconnected' }
  | {
      readonly status: 'connecting'
      readonly profileId: ProfileId
      readonly hostKeyPrompt?: HostKeyPrompt
    }
  | {
      readonly status: 'connected'
      readonly info: SessionInfo
      /** The connection dropped and the main side is opening it again; transfers wait for it. */
      readonly reconnecting?: { readonly reason: ApiError; readonly attempt: number }
    }

export type SessionAction =
  | { readonly type: 'connect-started'; readonly profileId: ProfileId }
  | { readonly type: 'host-key-asked'; readonly prompt: HostKeyPrompt }
  | { readonly type: 'host-key-answered' }
  | { readonly type: 'connected'; readonly info: SessionInfo }
  | { readonly type: 'connect-failed' }
  | { readonly type: 'disconnected'; readonly profileId: ProfileId }
  | {
      readonly type: 'reconnecting'
      readonly profileId: ProfileId
      readonly reason: ApiError
      readonly attempt: number
    }

export const initialSession: SessionState = { status: 'disconnected' }

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'connect-started':
      return { status: 'connecting', profileId: action.profileId }
    case 'host-key-asked':
      return state.status === 'connecting' && state.profileId === action.prompt.profileId
        ? { ...state, hostKeyPrompt: action.prompt }
        : state
    case 'host-key-answered':
      return state.status === 'connecting'
        ? { status: 'connecting', profileId: state.profileId }
        : state
    case 'connected':
      return { status: 'connected', info: action.info }
    case 'reconnecting':
      return state.status === 'connected' && state.info.profileId === action.profileId
        ? { ...state, reconnecting: { reason: action.reason, attempt: action.attempt } }
        : state
    case 'connect-failed':
      return initialSession
    case 'disconnected': {
      const current =
        state.status === 'connected'
          ? state.info.profileId
          : state.status === 'connecting'
            ? state.profileId
            : undefined
      return current === action.profileId ? initialSession : state
    }
  }
}

export function connectedProfileId(state: SessionState): ProfileId | undefined {
  return state.status === 'connected' ? state.info.profileId : undefined
}
