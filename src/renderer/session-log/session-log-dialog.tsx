import { useEffect, useMemo, useState } from 'react'
import type { Profile, ProfileId } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import { ModalDialog } from '../common/modal-dialog'
import { SaveLog } from './save-log'
import { filterEntries } from './session-log-filter'
import { SessionLogFilters, type SessionLogView } from './session-log-filters'
import { SessionLogTable } from './session-log-table'
import { useSessionLog } from './use-session-log'
import './session-log.css'

interface SessionLogDialogProps {
  readonly client: MailroomClient
  readonly onClose: () => void
  /** The profile to show at first (the connected one, say); all profiles when absent. */
  readonly profileId?: ProfileId
}

/**
 * "Session log", as WinSCP has: what Mailroom did with each server (connecting, logging in,
 * host keys, every transfer and error) with times, by profile or all, filtered by level and
 * text, newest at the bottom and followed as entries arrive; "Save log…" writes it for support.
 */
export function SessionLogDialog({ client, onClose, profileId }: SessionLogDialogProps) {
  const [profiles, setProfiles] = useState<readonly Profile[]>([])
  const [nativeDialogs, setNativeDialogs] = useState(false)
  const [view, setView] = useState<SessionLogView>({
    profileId,
    level: 'all',
    text: '',
    follow: true,
  })
  const log = useSessionLog(client, view.profileId)
  const shown = useMemo(
    () => filterEntries(log.entries, view.level, view.text),
    [log.entries, view.level, view.text],
  )
  const change = (next: Partial<SessionLogView>) => setView((current) => ({ ...current, ...next }))

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
        <SessionLogFilters profiles={profiles} view={view} onChange={change} />
        {log.error && <p className="field-error">{log.error}</p>}
        {log.moreBefore && (
          <button type="button" className="link-button" onClick={log.showEarlier}>
            Show earlier entries
          </button>
        )}
        <SessionLogTable
          entries={shown}
          follow={view.follow}
          onScrolledAway={() => change({ follow: false })}
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
        <SaveLog client={client} profileId={view.profileId} nativeDialogs={nativeDialogs} />
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
