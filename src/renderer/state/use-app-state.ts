import { useCallback, useEffect, useReducer, type Dispatch } from 'react'
import { asApiError, type MailroomClient } from '../api/client'
import { appReducer, initialAppState, type AppAction, type AppState } from './app-state'

/** The window's state, its dispatch, and `report`, which shows a failed call in the error banner. */
export interface AppStore {
  readonly state: AppState
  readonly dispatch: Dispatch<AppAction>
  readonly report: (failure: unknown) => void
}

/** The window's state, read from the main side once at start (events keep it current after). */
export function useAppState(client: MailroomClient): AppStore {
  const [state, dispatch] = useReducer(appReducer, initialAppState)
  const report = useCallback(
    (failure: unknown) => dispatch({ type: 'error-shown', error: asApiError(failure) }),
    [],
  )

  useEffect(() => {
    void Promise.all([
      client.call('app:info', {}),
      client.call('profiles:list', {}),
      client.call('transfer:list', {}),
      client.call('keys:list', {}),
    ])
      .then(([info, profiles, transfers, keys]) => {
        dispatch({ type: 'app-info-read', info })
        dispatch({ type: 'profiles-loaded', profiles })
        dispatch({ type: 'keys-listed', keys })
        dispatch({ type: 'transfers-updated', transfers, at: Date.now() })
      })
      .catch(report)
  }, [client, report])

  return { state, dispatch, report }
}
