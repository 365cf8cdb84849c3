import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { SessionLogEntry } from '../../shared/session-log'
import { entryTime } from './session-log-filter'

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
 * The entries as a table, only the rows in view in the page (a long run makes tens of
 * thousands). While following, each new entry scrolls into view; scrolling up stops that.
 */
export function SessionLogTable({
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
