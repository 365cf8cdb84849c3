import { useCallback, type Dispatch } from 'react'
import type { Profile, ProfileId } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import type { AppAction } from '../state/app-state'

/** What the profiles pane and its dialogs ask of the main side, each then read back into state. */
export interface ProfileCommands {
  /** Reads the profiles again (and returns them), then selects `select` if given. */
  readonly refreshProfiles: (select?: ProfileId) => Promise<readonly Profile[]>
  readonly refreshKeys: () => Promise<void>
  readonly cloneProfile: (id: ProfileId) => Promise<void>
  readonly deleteProfile: (profile: Profile, deleteKey: boolean) => Promise<void>
  /** The Profile dialog saved one: it closes, and the saved profile is selected. */
  readonly profileSaved: (profile: Profile) => void
  /** Import sites made profiles: it closes, says what it did, and the first is selected. */
  readonly sitesImported: (profiles: readonly Profile[], notes: readonly string[]) => void
}

/** The profile commands over the typed API, with their results dispatched as actions. */
export function useProfileCommands(
  client: MailroomClient,
  dispatch: Dispatch<AppAction>,
  report: (failure: unknown) => void,
): ProfileCommands {
  const refreshKeys = useCallback(
    async () => dispatch({ type: 'keys-listed', keys: await client.call('keys:list', {}) }),
    [client, dispatch],
  )
  const refreshProfiles = async (select?: ProfileId) => {
    const profiles = await client.call('profiles:list', {})
    dispatch({ type: 'profiles-listed', profiles, ...(select ? { select } : {}) })
    return profiles
  }

  return {
    refreshProfiles,
    refreshKeys,
    cloneProfile: async (id) => {
      try {
        await refreshProfiles((await client.call('profiles:clone', { id })).id)
      } catch (failure) {
        report(failure)
      }
    },
    deleteProfile: async (profile, deleteKey) => {
      dispatch({ type: 'dialog-closed', kind: 'delete-profile' })
      try {
        await client.call('profiles:delete', { id: profile.id, deleteKey })
        const profiles = await refreshProfiles()
        dispatch({ type: 'profile-selected', profileId: profiles[0]?.id })
        if (deleteKey) await refreshKeys()
      } catch (failure) {
        report(failure)
      }
    },
    profileSaved: (profile) => {
      dispatch({ type: 'dialog-closed', kind: 'profile' })
      void refreshProfiles(profile.id)
    },
    sitesImported: (profiles, notes) => {
      dispatch({ type: 'dialog-closed', kind: 'import-sites' })
      dispatch({
        type: 'notice-shown',
        notice: [
          `Imported ${profiles.length} ${profiles.length === 1 ? 'profile' : 'profiles'}.`,
          ...notes,
        ].join(' '),
      })
      void refreshProfiles(profiles[0]?.id)
      void refreshKeys()
    },
  }
}
