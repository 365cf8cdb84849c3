import { useId } from 'react'
import type { Profile, ProfileId } from '../../shared/domain'
import type { LevelFilter } from './session-log-filter'

/** What the log shows: one profile or all, which levels, text to find, and following new entries. */
export interface SessionLogView {
  readonly profileId: ProfileId | undefined
  readonly level: LevelFilter
  readonly text: string
  readonly follow: boolean
}

/** The log's filter bar: choosing a profile reads its log; the rest filters what was read. */
export function SessionLogFilters({
  profiles,
  view,
  onChange,
}: {
  readonly profiles: readonly Profile[]
  readonly view: SessionLogView
  readonly onChange: (change: Partial<SessionLogView>) => void
}) {
  const ids = { profile: useId(), level: useId(), text: useId() }
  return (
    <div className="session-log-filters" role="group" aria-label="Filter the log">
      <div className="session-log-filter">
        <label htmlFor={ids.profile}>Profile</label>
        <select
          id={ids.profile}
          value={view.profileId ?? ''}
          onChange={(event) =>
            onChange({
              profileId: event.target.value ? (event.target.value as ProfileId) : undefined,
            })
          }
        >
          <option value="">All profiles</option>
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.name}
            </option>
          ))}
        </select>
      </div>
      <div className="session-log-filter">
        <label htmlFor={ids.level}>Show</label>
        <select
          id={ids.level}
          value={view.level}
          onChange={(event) => onChange({ level: event.target.value as LevelFilter })}
        >
          <option value="all">All entries</option>
          <option value="warn">Warnings and errors</option>
          <option value="error">Errors only</option>
        </select>
      </div>
      <div className="session-log-filter session-log-find">
        <label htmlFor={ids.text}>Find</label>
        <input
          id={ids.text}
          type="search"
          value={view.text}
          spellCheck={false}
          placeholder="Text in the entries"
          onChange={(event) => onChange({ text: event.target.value })}
        />
      </div>
      <label className="checkbox session-log-follow">
        <input
          type="checkbox"
          checked={view.follow}
          onChange={(event) => onChange({ follow: event.target.checked })}
        />
        Follow new entries
      </label>
    </div>
  )
}
