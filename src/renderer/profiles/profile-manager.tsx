import type { Profile, ProfileId } from '../../shared/domain'
import { findProfile, type ProfilesState } from '../state/profiles'
import { ProfileList } from './profile-list'

interface ProfileManagerProps {
  readonly profiles: ProfilesState
  readonly connected: ProfileId | undefined
  readonly onSelect: (id: ProfileId) => void
  readonly onConnect: (id: ProfileId) => void
  readonly onNew: () => void
  readonly onEdit: (profile: Profile) => void
  readonly onClone: (id: ProfileId) => void
  readonly onDelete: (profile: Profile) => void
  readonly onImportSites: () => void
}

/**
 * The profiles pane: the list and what can be done to a profile (new, edit, clone, delete,
 * import from other tools). A connected profile is neither edited nor deleted.
 */
export function ProfileManager({
  profiles,
  connected,
  onSelect,
  onConnect,
  onNew,
  onEdit,
  onClone,
  onDelete,
  onImportSites,
}: ProfileManagerProps) {
  const profile = findProfile(profiles, profiles.selectedId)
  return (
    <section className="profiles" aria-label="Profile manager">
      <div className="pane-header">
        <h2>Profiles</h2>
      </div>
      <div className="pane-actions">
        <button type="button" onClick={onNew}>
          New profile
        </button>
        <button
          type="button"
          disabled={!profile || profile.id === connected}
          onClick={() => profile && onEdit(profile)}
        >
          Edit
        </button>
        <button type="button" disabled={!profile} onClick={() => profile && onClone(profile.id)}>
          Clone
        </button>
        <button
          type="button"
          disabled={!profile || profile.id === connected}
          onClick={() => profile && onDelete(profile)}
        >
          Delete
        </button>
      </div>
      <button type="button" className="link-button import-sites" onClick={onImportSites}>
        Import sites (WinSCP, FileZilla, OpenSSH)…
      </button>
      <ProfileList
        profiles={profiles.list}
        selected={profiles.selectedId}
        connected={connected}
        onSelect={onSelect}
        onConnect={onConnect}
      />
    </section>
  )
}
