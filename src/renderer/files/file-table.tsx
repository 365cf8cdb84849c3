import { useState, type DragEvent, type KeyboardEvent } from 'react'
import type { RemoteEntry } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'
import type { RemotePath } from '../../shared/remote-path'
import { FileIcon } from '../common/icons'
import { formatSize, formatTime } from '../common/format'

interface FileTableProps {
  readonly folder: RemotePath | undefined
  readonly files: readonly RemoteEntry[] | undefined
  readonly error: ApiError | undefined
  readonly selected: ReadonlySet<RemotePath>
  readonly onSelect: (selection: ReadonlySet<RemotePath>) => void
  readonly onActivate: (path: RemotePath) => void
  /** Whether the folder takes files (a send mailbox, or any folder when browsing). */
  readonly canDrop: boolean
  readonly onDropFiles: (data: DataTransfer) => void
}

/**
 * The "Files" table of the selected folder. Click selects, Ctrl/Cmd+click adds, Shift+click
 * extends; arrow keys move, Space toggles, Enter picks up. Files dropped here go to the folder.
 */
export function FileTable({
  folder,
  files,
  error,
  selected,
  onSelect,
  onActivate,
  canDrop,
  onDropFiles,
}: FileTableProps) {
  const [anchor, setAnchor] = useState<RemotePath>()
  const [dropping, setDropping] = useState(false)

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

  const click = (event: React.MouseEvent, path: RemotePath) => {
    const list = files ?? []
    if (event.shiftKey && anchor !== undefined) {
      const from = list.findIndex((file) => file.path === anchor)
      const to = list.findIndex((file) => file.path === path)
      const [start, end] = from < to ? [from, to] : [to, from]
      onSelect(new Set(list.slice(start, end + 1).map((file) => file.path)))
      return
    }
    setAnchor(path)
    if (event.ctrlKey || event.metaKey) {
      const next = new Set(selected)
      if (next.has(path)) next.delete(path)
      else next.add(path)
      onSelect(next)
    } else {
      onSelect(new Set([path]))
    }
  }

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, path: RemotePath) => {
    const row = event.currentTarget
    const move = (target: Element | null) => {
      if (target instanceof HTMLElement) {
        event.preventDefault()
        target.focus()
      }
    }
    if (event.key === 'ArrowDown') move(row.nextElementSibling)
    else if (event.key === 'ArrowUp') move(row.previousElementSibling)
    else if (event.key === ' ') {
      event.preventDefault()
      click({ ctrlKey: true, metaKey: false, shiftKey: false } as React.MouseEvent, path)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      onActivate(path)
    }
  }

  let body: React.ReactNode
  if (folder === undefined) body = <p className="placeholder">Choose a folder in Mailboxes.</p>
  else if (error) body = <p className="placeholder error-text">{error.message}</p>
  else if (!files) body = <p className="placeholder">Listing files…</p>
  else if (files.length === 0)
    body = <p className="placeholder">No files here. Drop files to send them to this folder.</p>

  return (
    <div
      className={`file-pane${dropping ? ' drop-target' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <table aria-label="Files" className="file-table" aria-multiselectable="true">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="numeric">
              Size
            </th>
            <th scope="col">Modified</th>
          </tr>
        </thead>
        <tbody>
          {(body ? [] : (files ?? [])).map((file) => (
            <tr
              key={file.path}
              tabIndex={0}
              aria-selected={selected.has(file.path)}
              className={selected.has(file.path) ? 'selected' : undefined}
              onClick={(event) => click(event, file.path)}
              onDoubleClick={() => onActivate(file.path)}
              onKeyDown={(event) => onRowKey(event, file.path)}
            >
              <td>
                <FileIcon />
                {file.name}
              </td>
              <td className="numeric">{formatSize(file.size)}</td>
              <td>{formatTime(file.modifiedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {body}
    </div>
  )
}
