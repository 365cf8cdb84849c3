import type { AppInfo } from '../../shared/domain'
import { bannersReducer, initialBanners, type BannersAction, type BannersState } from './banners'
import { dialogsReducer, initialDialogs, type DialogsAction, type DialogsState } from './dialogs'
import {
  firstRunReducer,
  initialFirstRun,
  type FirstRunAction,
  type FirstRunState,
} from './first-run'
import { initialListing, listingReducer, type ListingAction, type ListingState } from './listing'
import {
  initialMailboxes,
  mailboxesReducer,
  type MailboxesAction,
  type MailboxesState,
} from './mailboxes'
import {
  initialProfiles,
  profilesReducer,
  type ProfilesAction,
  type ProfilesState,
} from './profiles'
import {
  connectedProfileId,
  initialSession,
  sessionReducer,
  type SessionAction,
  type SessionState,
} from './session'
import {
  initialRecoveredSends,
  recoveredSendsReducer,
  type RecoveredSendsAction,
  type RecoveredSendsState,
} from './recovered-sends'
import {
  initialTransfers,
  transfersReducer,
  type TransfersAction,
  type TransfersState,
} from './transfers'

/** Everything the main window shows, one part per domain; the main side owns the truth. */
export interface AppState {
  /** Where the app runs: whether native file dialogs exist, where other tools keep their sites. */
  readonly info?: AppInfo
  readonly session: SessionState
  readonly transfers: TransfersState
  readonly profiles: ProfilesState
  readonly mailboxes: MailboxesState
  readonly listing: ListingState
  readonly dialogs: DialogsState
  readonly banners: BannersState
  readonly firstRun: FirstRunState
  readonly recoveredSends: RecoveredSendsState
}

export type AppAction =
  | { readonly type: 'app-info-read'; readonly info: AppInfo }
  | SessionAction
  | TransfersAction
  | ProfilesAction
  | MailboxesAction
  | ListingAction
  | DialogsAction
  | BannersAction
  | FirstRunAction
  | RecoveredSendsAction

export const initialAppState: AppState = {
  session: initialSession,
  transfers: initialTransfers,
  profiles: initialProfiles,
  mailboxes: initialMailboxes,
  listing: initialListing,
  dialogs: initialDialogs,
  banners: initialBanners,
  firstRun: initialFirstRun,
  recoveredSends: initialRecoveredSends,
}

/** A guard for one domain's actions, from a table the compiler checks names every one of them. */
function actionsOf<A extends AppAction>(types: Readonly<Record<A['type'], true>>) {
  return (action: AppAction): action is A => Object.hasOwn(types, action.type)
}

const isSessionAction = actionsOf<SessionAction>({
  'connect-started': true,
  'host-key-asked': true,
  'host-key-answered': true,
  connected: true,
  'connect-failed': true,
  disconnected: true,
  reconnecting: true,
})
const isTransfersAction = actionsOf<TransfersAction>({
  'transfers-updated': true,
  'transfers-cleared': true,
})
const isProfilesAction = actionsOf<ProfilesAction>({
  'profiles-loaded': true,
  'profiles-listed': true,
  'profile-selected': true,
  'keys-listed': true,
})
const isMailboxesAction = actionsOf<MailboxesAction>({ 'layout-discovered': true })
const isListingAction = actionsOf<ListingAction>({
  'folder-chosen': true,
  'listing-started': true,
  'listing-progress': true,
  'listing-done': true,
  'listing-failed': true,
  'files-selected': true,
})
const isDialogsAction = actionsOf<DialogsAction>({
  'dialog-opened': true,
  'dialog-closed': true,
  'pgp-question-closed': true,
})
const isBannersAction = actionsOf<BannersAction>({
  'error-shown': true,
  'error-dismissed': true,
  'notice-shown': true,
  'notice-dismissed': true,
})
const isFirstRunAction = actionsOf<FirstRunAction>({
  'profile-saved': true,
  'key-accepted': true,
  'first-mailboxes-shown': true,
})
const isRecoveredSendsAction = actionsOf<RecoveredSendsAction>({
  'sends-recovered': true,
  'recovered-sends-dismissed': true,
})

export function appReducer(state: AppState, action: AppAction): AppState {
  const next: AppState = {
    info: action.type === 'app-info-read' ? action.info : state.info,
    session: isSessionAction(action) ? sessionReducer(state.session, action) : state.session,
    transfers: isTransfersAction(action)
      ? transfersReducer(state.transfers, action)
      : state.transfers,
    profiles: isProfilesAction(action) ? profilesReducer(state.profiles, action) : state.profiles,
    mailboxes: isMailboxesAction(action)
      ? mailboxesReducer(state.mailboxes, action)
      : state.mailboxes,
    listing: isListingAction(action) ? listingReducer(state.listing, action) : state.listing,
    dialogs: isDialogsAction(action) ? dialogsReducer(state.dialogs, action) : state.dialogs,
    banners: isBannersAction(action) ? bannersReducer(state.banners, action) : state.banners,
    firstRun: isFirstRunAction(action) ? firstRunReducer(state.firstRun, action) : state.firstRun,
    recoveredSends: isRecoveredSendsAction(action)
      ? recoveredSendsReducer(state.recoveredSends, action)
      : state.recoveredSends,
  }
  // Connected to another profile, or to none: nothing of the last server stays on screen.
  if (connectedProfileId(next.session) !== connectedProfileId(state.session))
    return { ...next, mailboxes: initialMailboxes, listing: initialListing }
  // Nothing changed: the same state, so React draws nothing again.
  const parts = Object.keys(next) as (keyof AppState)[]
  return parts.some((part) => next[part] !== state[part]) ? next : state
}
