import type { Dispatch } from 'react'
import type { Profile, ProfileId } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'
import { asApiError, type MailroomClient } from '../api/client'
import type { AppAction, AppState } from '../state/app-state'
import { openDialog } from '../state/dialogs'
import { awaitsKeyRegistration } from '../state/first-run'
import { findProfile } from '../state/profiles'
import { connectedProfileId } from '../state/session'
import { isActive } from '../state/transfers'

interface ConnectionDeps {
  readonly client: MailroomClient
  readonly state: AppState
  readonly dispatch: Dispatch<AppAction>
  readonly report: (failure: unknown) => void
  /** Reads the stored keys again (a passphrase was just remembered for one). */
  readonly refreshKeys: () => Promise<void>
}

/**
 * The profile whose key handoff a failed login belongs to, so the failure is said there: its
 * handoff is open (any failure), or its key was made here and the login was refused (the
 * provider has not registered it yet). Undefined: the failure goes to the error banner.
 */
export function keyHandoffFor(
  state: Pick<AppState, 'dialogs' | 'firstRun' | 'profiles'>,
  target: ProfileId,
  error: ApiError,
): Profile | undefined {
  const open = openDialog(state.dialogs, 'key-handoff')
  if (open?.profile.id === target) return open.profile
  return error.kind === 'auth-failed' && awaitsKeyRegistration(state.firstRun, target)
    ? findProfile(state.profiles, target)
    : undefined
}

/**
 * Connecting and disconnecting, as the UI drives it: one connection at a time, the key's
 * passphrase and an unknown host key asked for on the way, a failure said in a dialog or banner.
 */
export function useConnection({ client, state, dispatch, report, refreshKeys }: ConnectionDeps) {
  const { session, profiles, transfers } = state
  const connectedId = connectedProfileId(session)

  const disconnect = () => {
    if (!connectedId) return
    void client.call('session:close', { profileId: connectedId }).catch(report)
    dispatch({ type: 'disconnected', profileId: connectedId })
  }

  const connect = async (
    target: ProfileId | undefined = profiles.selectedId,
    /** What the person typed to get in: the key's passphrase, the profile's password. */
    unlock: { readonly passphrase?: string; readonly password?: string } = {},
    remember = false,
  ) => {
    const { passphrase, password } = unlock
    if (!target || session.status === 'connecting' || target === connectedId) return
    if (connectedId) {
      // One connection at a time: switching profiles ends the current one, but never under a
      // running transfer (a cut send leaves a partial file to clean up, a cut pickup waits).
      const busy = [...transfers.byId.values()].some(
        (transfer) => transfer.profileId === connectedId && isActive(transfer),
      )
      const name = (id: ProfileId) => findProfile(profiles, id)?.name
      if (busy) {
        dispatch({
          type: 'notice-shown',
          notice: `Transfers are still running on ${name(connectedId) ?? 'this profile'}: let them finish or cancel them, then connect to ${name(target) ?? 'the other profile'}.`,
        })
        return
      }
      disconnect()
    }
    dispatch({ type: 'profile-selected', profileId: target })
    dispatch({ type: 'error-dismissed' })
    dispatch({ type: 'dialog-closed', kind: 'passphrase' })
    dispatch({ type: 'dialog-closed', kind: 'password' })
    dispatch({ type: 'connect-started', profileId: target })
    try {
      const opened = await client.call('session:open', {
        profileId: target,
        ...(passphrase === undefined ? {} : { passphrase }),
        ...(password === undefined ? {} : { password }),
      })
      dispatch({ type: 'connected', info: opened })
      // Logged in: the key is registered, and its handoff is done.
      dispatch({ type: 'key-accepted', profileId: target })
      dispatch({ type: 'dialog-closed', kind: 'key-handoff' })
      const keyId = findProfile(profiles, target)?.keyId
      if (passphrase !== undefined && remember && keyId) {
        await client.call('keys:remember-passphrase', { keyId, passphrase }).catch(report)
        await refreshKeys()
      }
    } catch (failure) {
      const error = asApiError(failure)
      const handoff = keyHandoffFor(state, target, error)
      dispatch({ type: 'connect-failed' })
      // A round of the server's questions left open is over with the login.
      dispatch({ type: 'dialog-closed', kind: 'login-prompt' })
      if (error.kind === 'password-needed')
        dispatch({
          type: 'dialog-opened',
          dialog: { kind: 'password', profileId: target, message: error.message },
        })
      else if (error.kind === 'passphrase-needed' || error.kind === 'bad-passphrase')
        dispatch({
          type: 'dialog-opened',
          dialog: { kind: 'passphrase', profileId: target, message: error.message },
        })
      else if (error.kind === 'host-key-changed')
        dispatch({ type: 'dialog-opened', dialog: { kind: 'host-key-changed', error } })
      else if (handoff)
        // Said in the key's handoff, in the gateway's words, with Try again.
        dispatch({
          type: 'dialog-opened',
          dialog: { kind: 'key-handoff', profile: handoff, failure: error },
        })
      else dispatch({ type: 'error-shown', error })
    }
  }

  /** The person's answer to "Unknown host key": the main side waits for it to go on. */
  const answerHostKey = (trust: boolean) => {
    if (session.status !== 'connecting' || !session.hostKeyPrompt) return
    const { promptId } = session.hostKeyPrompt
    dispatch({ type: 'host-key-answered' })
    void client.call('hostkey:answer', { promptId, trust }).catch(report)
  }

  return { connect, disconnect, answerHostKey }
}
