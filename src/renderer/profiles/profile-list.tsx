import type { KeyboardEvent } from 'react'
import type { Profile, ProfileId } from '../../shared/domain'
import { PRESETS } from '../../shared/presets'

interface ProfileListProps {
  readonly profiles: readonly Profile[]
  readonly selected: ProfileId | undefined
  readonly connected: ProfileId | undefined
  readonly onSelect: (id: ProfileId) => void
  readonly onConnect: (id: ProfileId) => void
}

/** Profiles grouped by their group, like a site manager; double-click or Enter connects. */
export function ProfileList({
  profiles,
  selected,
  connected,
  onSelect,
  onConnect,
}: ProfileListProps) {
  const groups = new Map<string, Profile[]>()
  for (const profile of [...profiles].sort(
    (a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name),
  )) {
    groups.set(profile.group, [...(groups.get(profile.group) ?? []), profile])
  }
  const ordered = [...groups.values()].flat()

  const onKeyDown = (event: KeyboardEvent) => {
    const index = ordered.findIndex((profile) => profile.id === selected)
    const move = (to: number) => {
      const target = ordered[Math.max(0, Math.min(ordered.length - 1, to))]
      if (!target) return
      event.preventDefault()
      onSelect(target.id)
      document.getElementById(`profile-option-${target.id}`)?.scrollIntoView({ block: 'nearest' })
    }
    if (event.key === 'ArrowDown') move(index + 1)
    else if (event.key === 'ArrowUp') move(index - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(ordered.length - 1)
    else if (event.key === 'Enter' && selected) {
      event.preventDefault()
      onConnect(selected)
    }
  }

  if (profiles.length === 0)
    return <p className="placeholder">No profiles yet. Press “New profile” to set one up.</p>
  return (
    <div
      role="listbox"
      aria-label="Profiles"
      tabIndex={0}
      className="profile-list"
      aria-activedescendant={selected ? `profile-option-${selected}` : undefined}
      onKeyDown={onKeyDown}
    >
      {[...groups].map(([group, members]) => (
        <div role="group" aria-label={group || 'Ungrouped'} key={group || '-'}>
          {group && (
            <div className="group-label" aria-hidden="true">
              {group}
            </div>
          )}
          {members.map((profile) => (
            <div
              key={profile.id}
              id={`profile-option-${profile.id}`}
              role="option"
              aria-selected={profile.id === selected}
              className={`profile-option${profile.id === selected ? ' selected' : ''}${group ? ' grouped' : ''}`}
              onClick={() => onSelect(profile.id)}
              onDoubleClick={() => onConnect(profile.id)}
            >
              <span className="profile-name">
                {profile.id === connected && (
                  <span className="connected-dot" aria-label="connected" />
                )}
                {profile.name}
              </span>
              <span className="profile-meta">
                {PRESETS[profile.preset].label} · {profile.username}@{profile.host}
              </span>
            </div>
          ))}
        </div>
      ))}
    </div>
  )
}
