import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { Profile, ProfileId } from '../../shared/domain'
import type { SessionLogEntry } from '../../shared/session-log'
import { asApiError, type MailroomClient } from '../api/client'
import { ModalDialog } from '../common/modal-dialog'
import { entryTime, filterEntries, type LevelFilter } from './session-log-filter'
import { useSessionLog } from './use-session-log'
import './session-log.css'

interface SessionLogDialogProps {
  readonly client: MailroomClient
  readonly open: boolean
  readonly onClose: () => void
  /** The profile to show at first (the connected one, say); all profiles when absent. */
  readonly profileId?: ProfileId
}

const LEVEL_WORD: Record<SessionLogEntry['level'], string> = {
  info: 'Info',
  warn: 'Warning',
  error: 'Error',
}
const CATEGORY_WORD: Record<SessionLogEntry['category'], string> = {
  connection: 'Connection',
  authentication: 'Login',
  'host-key': 'Host key',
  transfer: 'Transfer',
  mailbox: 'Mailbox',
  command: 'Command',
  error: 'Error',
}
const ROW_ESTIMATE = 30

/**
 * "Session log", as WinSCP has: what Mailroom did with each server (connecting, logging in,
 * host keys, every transfer and error) with times, by profile or all, filtered by level and
 * text, newest at the bottom and followed as entries arrive; "Save log…" writes it for support.
 */
export function SessionLogDialog({ client, open, onClose, profileId }: SessionLogDialogProps) {
  if (!open) return null
  return <SessionLogContent client={client} onClose={onClose} initialProfile={profileId} />
}

function SessionLogContent({
  client,
  onClose,
  initialProfile,
}: {
  readonly client: MailroomClient
  readonly onClose: () => void
  readonly initialProfile: ProfileId | undefined
}) {
  const [profiles, setProfiles] = useState<readonly Profile[]>([])
  const [nativeDialogs, setNativeDialogs] = useState(false)
  const [profileId, setProfileId] = useState<ProfileId | undefined>(initialProfile)
  const [level, setLevel] = useState<LevelFilter>('all')
  const [text, setText] = useState('')
  const [follow, setFollow] = useState(true)
  const log = useSessionLog(client, profileId)
  const shown = useMemo(() => filterEntries(log.entries, level, text), [log.entries, level, text])
  const ids = { profile: useId(), level: useId(), text: useId() }

  useEffect(() => {
    void Promise.all([client.call('profiles:list', {}), client.call('app:info', {})]).then(
      ([list, info]) => {
        setProfiles(list)
        setNativeDialogs(info.nativeDialogs)
      },
      () => setProfiles([]),
    )
  }, [client])

  return (
    <ModalDialog title="Session log" onCancel={onClose} wide>
      <div className="session-log">
        <div className="session-log-filters" role="group" aria-label="Filter the log">
          <div className="session-log-filter">
            <label htmlFor={ids.profile}>Profile</label>
            <select
              id={ids.profile}
              value={profileId ?? ''}
              onChange={(event) =>
                setProfileId(event.target.value ? (event.target.value as ProfileId) : undefined)
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
              value={level}
              onChange={(event) => setLevel(event.target.value as LevelFilter)}
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
              value={text}
              spellCheck={false}
              placeholder="Text in the entries"
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <label className="checkbox session-log-follow">
            <input
              type="checkbox"
              checked={follow}
              onChange={(event) => setFollow(event.target.checked)}
            />
            Follow new entries
          </label>
        </div>
        {log.error && <p className="field-error">{log.error}</p>}
        {log.moreBefore && (
          <button type="button" className="link-button" onClick={log.showEarlier}>
            Show earlier entries
          </button>
        )}
        <LogTable
          entries={shown}
          follow={follow}
          onScrolledAway={() => setFollow(false)}
          placeholder={
            log.loading
              ? 'Reading the log…'
              : log.entries.length === 0
                ? 'Nothing logged yet. Connect to a profile, send or pick up files, and it shows here.'
                : 'No entries match the filter.'
          }
        />
        <p className="session-log-count" role="status">
          {shown.length === log.entries.length
            ? `${count(log.entries.length)}`
            : `${count(shown.length)} of ${log.entries.length.toLocaleString('en')} shown`}
        </p>
        <SaveLog client={client} profileId={profileId} nativeDialogs={nativeDialogs} />
        <div className="dialog-buttons">
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </ModalDialog>
  )
}

function count(entries: number): string {
  return `${entries.toLocaleString('en')} ${entries === 1 ? 'entry' : 'entries'}`
}

/**
 * The entries as a table, only the rows in view in the page (a long run makes tens of
 * thousands). While following, each new entry scrolls into view; scrolling up stops that.
 */
function LogTable({
  entries,
  follow,
  onScrolledAway,
  placeholder,
}: {
  readonly entries: readonly SessionLogEntry[]
  readonly follow: boolean
  readonly onScrolledAway: () => void
  readonly placeholder: string
}) {
  const scroller = useRef<HTMLDivElement>(null)
  // Scrolls Mailroom makes itself must not count as the person scrolling away.
  const scrolledByUs = useRef(0)
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 12,
  })
  useEffect(() => {
    if (!follow || entries.length === 0) return
    scrolledByUs.current = Date.now()
    virtualizer.scrollToIndex(entries.length - 1, { align: 'end' })
  }, [entries.length, follow, virtualizer])

  const items = virtualizer.getVirtualItems()
  const paddingTop = items[0]?.start ?? 0
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)
  const now = new Date()
  return (
    <div
      className="session-log-scroll"
      ref={scroller}
      tabIndex={0}
      role="region"
      aria-label="Session log entries"
      onScroll={(event) => {
        const element = event.currentTarget
        const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 8
        if (!atBottom && follow && Date.now() - scrolledByUs.current > 300) onScrolledAway()
      }}
    >
      {entries.length === 0 ? (
        <p className="placeholder">{placeholder}</p>
      ) : (
        <table
          className="session-log-table"
          aria-label="Session log"
          aria-rowcount={entries.length + 1}
        >
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="session-log-time">
                Time
              </th>
              <th scope="col" className="session-log-level">
                Level
              </th>
              <th scope="col" className="session-log-profile">
                Profile
              </th>
              <th scope="col" className="session-log-category">
                Category
              </th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={5} style={{ height: paddingTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const entry = entries[item.index]
              if (!entry) return null
              return (
                <tr
                  key={entry.id}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  aria-rowindex={item.index + 2}
                  className={`session-log-row level-${entry.level}`}
                >
                  <td className="session-log-time">
                    <time dateTime={entry.at} title={entry.at}>
                      {entryTime(entry.at, now)}
                    </time>
                  </td>
                  <td className="session-log-level">{LEVEL_WORD[entry.level]}</td>
                  <td className="session-log-profile">{entry.profileName ?? '—'}</td>
                  <td className="session-log-category">{CATEGORY_WORD[entry.category]}</td>
                  <td className="session-log-message">
                    {entry.message}
                    {entry.details && (
                      <span className="session-log-details">
                        {Object.entries(entry.details)
                          .map(([key, value]) => `${key}: ${value}`)
                          .join(' · ')}
                      </span>
                    )}
                  </td>
                </tr>
              )
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={5} style={{ height: paddingBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  )
}

/**
 * "Save log…": the desktop app asks where with its native dialog; the web UI, which has none,
 * asks for the path of a new file on this computer, as it does for every other file.
 */
function SaveLog({
  client,
  profileId,
  nativeDialogs,
}: {
  readonly client: MailroomClient
  readonly profileId: ProfileId | undefined
  readonly nativeDialogs: boolean
}) {
  const [asking, setAsking] = useState(false)
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ readonly ok: boolean; readonly text: string }>()
  const pathId = useId()

  const save = async (typed?: string) => {
    setBusy(true)
    setOutcome(undefined)
    try {
      const saved = await client.call('log:save', {
        ...(profileId ? { profileId } : {}),
        ...(typed ? { path: typed } : {}),
      })
      if (saved) {
        setOutcome({ ok: true, text: `Saved the log to ${saved}` })
        setAsking(false)
      }
    } catch (failure) {
      setOutcome({ ok: false, text: asApiError(failure).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="session-log-save">
      {asking ? (
        <form
          className="session-log-save-form"
          onSubmit={(event) => {
            event.preventDefault()
            if (path.trim()) void save(path.trim())
          }}
        >
          <label htmlFor={pathId}>Save the log as</label>
          <input
            id={pathId}
            value={path}
            spellCheck={false}
            autoFocus
            placeholder="Full path of a new file, e.g. /home/you/mailroom-log.txt"
            onChange={(event) => setPath(event.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || !path.trim()}>
            Save
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={() => (nativeDialogs ? void save() : setAsking(true))}
        >
          Save log…
        </button>
      )}
      {outcome && (
        <p
          className={outcome.ok ? 'session-log-saved' : 'field-error'}
          role={outcome.ok ? 'status' : 'alert'}
        >
          {outcome.text}
        </p>
      )}
    </div>
  )
}
