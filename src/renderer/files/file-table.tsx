import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react'
import type { MailboxFile } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'
import { readableName } from '../../shared/invisible-characters'
import type { RemotePath } from '../../shared/remote-path'
import { formatAge, formatSize, formatTime } from '../common/format'
import { FileIcon } from '../common/icons'
import { VisibleName } from '../common/visible-name'
import { fileRows, type FileSort, type SortKey } from './file-rows'
import { clickRow, pressKey, type ClickModifiers } from './file-selection'
import { SortHeader } from './sort-header'
import type { Retention } from '../../shared/presets'

interface FileTableProps {
  readonly folder: RemotePath | undefined
  readonly files: readonly MailboxFile[] | undefined
  readonly error: ApiError | undefined
  readonly selected: ReadonlySet<RemotePath>
  /** Entries read so far while the listing runs. */
  readonly listingCount: number | undefined
  readonly onCancelListing: () => void
  readonly retention: Retention | undefined
  readonly now: number
  readonly onSelect: (selection: ReadonlySet<RemotePath>) => void
  readonly onActivate: (path: RemotePath) => void
  /** Whether the folder takes files (a send mailbox, or any folder when browsing). */
  readonly canDrop: boolean
  /** Whom files dropped here go to: "Drop files here to send them to DemoMFT". */
  readonly sendTarget: string
  readonly onDropFiles: (data: DataTransfer) => void
  /** Drags a file out onto the desktop (desktop app only). */
  readonly onDragOut?: ((path: RemotePath) => void) | undefined
}

const ROW_HEIGHT = 33

/**
 * The "Files" grid of the selected mailbox: sortable by any column, filtered as you type,
 * multi-select (Ctrl/Cmd+click adds, Shift+click or Shift+arrow/Home/End extends, Ctrl/Cmd+A
 * selects all, Space toggles, Enter picks up), and virtualised, so only the rows in view exist
 * in the page even with 10,000 files. A grid and not a table, since its rows can be selected;
 * one row is in the Tab order and the arrow keys move between them (the WAI-ARIA grid pattern).
 */
export function FileTable({
  folder,
  files,
  error,
  selected,
  listingCount,
  onCancelListing,
  retention,
  now,
  onSelect,
  onActivate,
  canDrop,
  sendTarget,
  onDropFiles,
  onDragOut,
}: FileTableProps) {
  const [anchor, setAnchor] = useState<RemotePath>()
  const [focused, setFocused] = useState<RemotePath>()
  // A row the keyboard moved to that was not in the page yet: focused once it is drawn.
  const pendingFocus = useRef<RemotePath>(undefined)
  const [dropping, setDropping] = useState(false)
  const [filter, setFilter] = useState('')
  const [sort, setSort] = useState<FileSort>({
    key: 'modifiedAt',
    descending: false,
  })
  const scroller = useRef<HTMLDivElement>(null)
  const showMessages = files?.some((file) => file.message !== null) ?? false

  const rows = useMemo(() => fileRows(files, filter, sort), [files, filter, sort])

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const paddingTop = items[0]?.start ?? 0
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)

  const onDragOver = (event: DragEvent) => {
    if (folder === undefined || !canDrop || !event.dataTransfer.types.includes('Files')) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    setDropping(true)
  }
  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDropping(false)
    if (folder !== undefined && canDrop) onDropFiles(event.dataTransfer)
  }

  const paths = useMemo(() => rows.map((file) => file.path), [rows])

  const click = (event: ClickModifiers, path: RemotePath) => {
    const next = clickRow(paths, { selected, anchor }, path, event)
    setAnchor(next.anchor)
    onSelect(next.selected)
  }

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, path: RemotePath) => {
    const result = pressKey(paths, { selected, anchor }, index, event)
    if (result.kind === 'none') return
    event.preventDefault()
    if (result.kind === 'activate') return onActivate(path)
    if (result.selection) {
      setAnchor(result.selection.anchor)
      onSelect(result.selection.selected)
    }
    if (result.kind === 'move') {
      const target = paths[result.focus]
      pendingFocus.current = target
      setFocused(target)
      virtualizer.scrollToIndex(result.focus)
    }
  }

  // The one row in the Tab order: the focused one, else the first drawn.
  const tabStop = items.some((item) => paths[item.index] === focused)
    ? focused
    : paths[items[0]?.index ?? -1]

  const header = (column: SortKey, label: string, className?: string) => (
    <SortHeader
      column={column}
      label={label}
      {...(className ? { className } : {})}
      sort={sort}
      onSort={setSort}
    />
  )

  const ageCell = (file: MailboxFile) => {
    const age = now - file.modifiedAt
    if (!retention || file.modifiedAt <= 0 || age < retention.warnAfterMs)
      return <td>{formatAge(age)}</td>
    const left = retention.expireAfterMs - age
    return (
      <td
        className="retention-warning"
        title="The gateway deletes files after its retention period: pick this up now."
      >
        ⚠ {formatAge(age)} · {left > 0 ? `${formatAge(left)} left` : 'expired'}
      </td>
    )
  }

  let body: React.ReactNode
  if (folder === undefined) body = <p className="placeholder">Choose a mailbox.</p>
  else if (error) body = <p className="placeholder error-text">{error.message}</p>
  else if (!files)
    body = (
      <p className="placeholder">
        Listing files… {listingCount ? `${listingCount.toLocaleString('en')} so far` : ''}{' '}
        <button type="button" className="small" onClick={onCancelListing}>
          Cancel listing
        </button>
      </p>
    )
  else if (files.length === 0)
    body = (
      <p className="placeholder">
        {canDrop ? `Drop files here to send them to ${sendTarget}.` : 'No files here.'}
      </p>
    )
  else if (rows.length === 0) body = <p className="placeholder">No file matches “{filter}”.</p>

  return (
    <>
      {files && files.length > 0 && (
        <div className="file-filter">
          <label htmlFor="file-filter" className="visually-hidden">
            Filter files
          </label>
          <input
            id="file-filter"
            type="search"
            placeholder="Filter files"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          <span className="muted" role="status">
            {rows.length === files.length
              ? `${files.length.toLocaleString('en')} ${files.length === 1 ? 'file' : 'files'}`
              : `${rows.length.toLocaleString('en')} of ${files.length.toLocaleString('en')}`}
            {selected.size > 0 ? `, ${selected.size} selected` : ''}
          </span>
        </div>
      )}
      <div
        ref={scroller}
        className={`file-pane${dropping ? ' drop-target' : ''}`}
        onDragOver={onDragOver}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
      >
        <table
          role="grid"
          aria-label="Files"
          className="file-table"
          aria-multiselectable="true"
          aria-rowcount={rows.length + 1}
        >
          <thead>
            <tr>
              {header('name', 'Name')}
              {showMessages && header('message', 'Message')}
              {header('size', 'Size', 'numeric')}
              {header('modifiedAt', 'Received')}
              <th scope="col">Age</th>
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
            {(body ? [] : items).map((item) => {
              const file = rows[item.index]
              if (!file) return null
              return (
                <tr
                  key={file.path}
                  ref={(element) => {
                    if (element && pendingFocus.current === file.path) {
                      pendingFocus.current = undefined
                      element.focus()
                    }
                  }}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  tabIndex={file.path === tabStop ? 0 : -1}
                  aria-selected={selected.has(file.path)}
                  className={selected.has(file.path) ? 'selected' : undefined}
                  style={{ height: ROW_HEIGHT }}
                  title={readableName(file.path)}
                  draggable={onDragOut !== undefined}
                  onDragStart={(event) => {
                    if (!onDragOut) return
                    // The OS drag carries a verified local copy, made first by the main side.
                    event.preventDefault()
                    onDragOut(file.path)
                  }}
                  onFocus={() => setFocused(file.path)}
                  onClick={(event) => click(event, file.path)}
                  onDoubleClick={() => onActivate(file.path)}
                  onKeyDown={(event) => onRowKey(event, item.index, file.path)}
                >
                  <td>
                    <FileIcon />
                    <VisibleName name={file.name} />
                  </td>
                  {showMessages && (
                    <td className="muted message">
                      <VisibleName name={file.message ?? ''} />
                    </td>
                  )}
                  <td className="numeric">{formatSize(file.size)}</td>
                  <td>{formatTime(file.modifiedAt)}</td>
                  {ageCell(file)}
                </tr>
              )
            })}
            {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
          </tbody>
        </table>
        {body}
      </div>
    </>
  )
}
