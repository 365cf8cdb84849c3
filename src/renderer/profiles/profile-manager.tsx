import { useImperativeHandle, useState, type Ref } from 'react'
import type { AppInfo, KeyInfo, Profile, ProfileId } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import { DeleteProfileDialog } from './delete-profile-dialog'
import { ImportSitesDialog } from './import-sites-dialog'
import { ProfileDialog } from './profile-dialog'
import { ProfileList } from './profile-list'

/** What the app's menu and shortcuts can ask of the profiles pane. */
export interface ProfileManagerActions {
  newProfile(): void
}

interface ProfileManagerProps {
  readonly actions?: Ref<ProfileManagerActions>
  readonly client: MailroomClient
  readonly profiles: readonly Profile[]
  readonly selected: ProfileId | undefined
  readonly connected: ProfileId | undefined
  readonly keys: readonly KeyInfo[]
  /** Where the app can open native file dialogs (Electron), and where sites usually live. */
  readonly info: AppInfo | undefined
  readonly onSelect: (id: ProfileId | undefined) => void
  readonly onConnect: (id: ProfileId) => void
  /** Reads the profiles again (and returns them), then selects `select` if given. */
  readonly onProfilesChanged: (select?: ProfileId) => Promise<readonly Profile[]>
  readonly onKeysChanged: () => Promise<void>
  readonly onNotice: (notice: string) => void
  readonly report: (failure: unknown) => void
}

/**
 * The profiles pane: the list and what can be done to a profile (new, edit, clone, delete,
 * import from other tools), with their dialogs. A connected profile is neither edited nor deleted.
 */
export function ProfileManager({
  actions,
  client,
  profiles,
  selected,
  connected,
  keys,
  info,
  onSelect,
  onConnect,
  onProfilesChanged,
  onKeysChanged,
  onNotice,
  report,
}: ProfileManagerProps) {
  const [editing, setEditing] = useState<{ profile?: Profile }>()
  const [deleting, setDeleting] = useState<Profile>()
  const [importingSites, setImportingSites] = useState(false)
  const profile = profiles.find((candidate) => candidate.id === selected)
  const nativeDialogs = info?.nativeDialogs === true
  useImperativeHandle(actions, () => ({ newProfile: () => setEditing({}) }), [])

  const cloneProfile = async (id: ProfileId) => {
    try {
      await onProfilesChanged((await client.call('profiles:clone', { id })).id)
    } catch (failure) {
      report(failure)
    }
  }

  const deleteProfile = async (target: Profile, deleteKey: boolean) => {
    setDeleting(undefined)
    try {
      await client.call('profiles:delete', { id: target.id, deleteKey })
      onSelect((await onProfilesChanged())[0]?.id)
      if (deleteKey) await onKeysChanged()
    } catch (failure) {
      report(failure)
    }
  }

  return (
    <section className="profiles" aria-label="Profile manager">
      <div className="pane-header">
        <h2>Profiles</h2>
      </div>
      <div className="pane-actions">
        <button type="button" onClick={() => setEditing({})}>
          New profile
        </button>
        <button
          type="button"
          disabled={!profile || profile.id === connected}
          onClick={() => profile && setEditing({ profile })}
        >
          Edit
        </button>
        <button
          type="button"
          disabled={!profile}
          onClick={() => profile && void cloneProfile(profile.id)}
        >
          Clone
        </button>
        <button
          type="button"
          disabled={!profile || profile.id === connected}
          onClick={() => profile && setDeleting(profile)}
        >
          Delete
        </button>
      </div>
      <button
        type="button"
        className="link-button import-sites"
        onClick={() => setImportingSites(true)}
      >
        Import sites (WinSCP, FileZilla, OpenSSH)…
      </button>
      <ProfileList
        profiles={profiles}
        selected={selected}
        connected={connected}
        onSelect={onSelect}
        onConnect={onConnect}
      />

      {editing && (
        <ProfileDialog
          client={client}
          {...(editing.profile ? { profile: editing.profile } : {})}
          keys={keys}
          canBrowse={nativeDialogs}
          onKeysChanged={onKeysChanged}
          onSaved={(saved) => {
            setEditing(undefined)
            void onProfilesChanged(saved.id)
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {importingSites && info && (
        <ImportSitesDialog
          client={client}
          usualPaths={info.usualPaths}
          canBrowse={nativeDialogs}
          onImported={(imported, notes) => {
            setImportingSites(false)
            onNotice(
              [
                `Imported ${imported.length} ${imported.length === 1 ? 'profile' : 'profiles'}.`,
                ...notes,
              ].join(' '),
            )
            void onProfilesChanged(imported[0]?.id)
            void onKeysChanged()
          }}
          onCancel={() => setImportingSites(false)}
        />
      )}
      {deleting && (
        <DeleteProfileDialog
          profile={deleting}
          unsharedKey={
            deleting.keyId !== null &&
            profiles.filter((candidate) => candidate.keyId === deleting.keyId).length === 1
              ? keys.find((key) => key.id === deleting.keyId)
              : undefined
          }
          onDelete={(deleteKey) => void deleteProfile(deleting, deleteKey)}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </section>
  )
}
