import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react'
import type { RemoteEntry } from '../../shared/domain'
import { parentPath, type RemotePath } from '../../shared/remote-path'
import { FolderIcon } from '../common/icons'
import { ROOT, type FolderChildren } from './use-folder-tree'

interface MailboxTreeProps {
  readonly children: ReadonlyMap<RemotePath, FolderChildren>
  readonly expanded: ReadonlySet<RemotePath>
  readonly selected: RemotePath | undefined
  readonly onToggle: (path: RemotePath, open?: boolean) => void
  readonly onSelect: (path: RemotePath) => void
  readonly onDropFiles: (folder: RemotePath, data: DataTransfer) => void
}

interface VisibleItem {
  readonly entry: RemoteEntry
  readonly level: number
  readonly position: number
  readonly setSize: number
}

/** The folders shown, in order, as a keyboard walks them (expanded folders open). */
function visibleItems(
  children: ReadonlyMap<RemotePath, FolderChildren>,
  expanded: ReadonlySet<RemotePath>,
): VisibleItem[] {
  const items: VisibleItem[] = []
  const walk = (path: RemotePath, level: number) => {
    const listing = children.get(path)
    if (listing?.state !== 'loaded') return
    listing.folders.forEach((entry, index) => {
      items.push({ entry, level, position: index + 1, setSize: listing.folders.length })
      if (expanded.has(entry.path)) walk(entry.path, level + 1)
    })
  }
  walk(ROOT, 1)
  return items
}

/**
 * The "Mailboxes" tree: the server's folders, following the WAI-ARIA tree pattern (arrow keys
 * move, Right opens, Left closes or goes to the parent, Enter selects). Files dropped on a
 * folder are sent to it.
 */
export function MailboxTree({
  children,
  expanded,
  selected,
  onToggle,
  onSelect,
  onDropFiles,
}: MailboxTreeProps) {
  const items = useMemo(() => visibleItems(children, expanded), [children, expanded])
  const [focused, setFocused] = useState<RemotePath>()
  const [dropTarget, setDropTarget] = useState<RemotePath>()
  const refs = useRef(new Map<RemotePath, HTMLLIElement>())
  const current = focused ?? selected ?? items[0]?.entry.path
  const root = children.get(ROOT)

  const focus = (path: RemotePath | undefined) => {
    if (path === undefined) return
    setFocused(path)
    refs.current.get(path)?.focus()
  }

  const onKeyDown = (event: KeyboardEvent, item: VisibleItem) => {
    const index = items.indexOf(item)
    const path = item.entry.path
    const isOpen = expanded.has(path)
    const handled = () => {
      event.preventDefault()
      event.stopPropagation()
    }
    switch (event.key) {
      case 'ArrowDown':
        handled()
        return focus(items[index + 1]?.entry.path)
      case 'ArrowUp':
        handled()
        return focus(items[index - 1]?.entry.path)
      case 'Home':
        handled()
        return focus(items[0]?.entry.path)
      case 'End':
        handled()
        return focus(items.at(-1)?.entry.path)
      case 'ArrowRight':
        handled()
        if (!isOpen) return onToggle(path, true)
        return focus(
          items[index + 1]?.level === item.level + 1 ? items[index + 1]?.entry.path : undefined,
        )
      case 'ArrowLeft':
        handled()
        if (isOpen) return onToggle(path, false)
        return focus(item.level > 1 ? parentPath(path) : undefined)
      case 'Enter':
      case ' ':
        handled()
        return onSelect(path)
    }
  }

  const dropHandlers = (path: RemotePath) => ({
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'copy'
      setDropTarget(path)
    },
    onDragLeave: () => setDropTarget((target) => (target === path ? undefined : target)),
    onDrop: (event: DragEvent) => {
      event.preventDefault()
      event.stopPropagation()
      setDropTarget(undefined)
      onDropFiles(path, event.dataTransfer)
    },
  })

  if (!root || root.state === 'loading') return <p className="placeholder">Listing folders…</p>
  if (root.state === 'failed') return <p className="placeholder error-text">{root.error.message}</p>
  if (items.length === 0) return <p className="placeholder">This account has no folders.</p>

  return (
    <ul role="tree" aria-label="Mailboxes" className="tree">
      {items.map((item) => {
        const { entry, level } = item
        const listing = children.get(entry.path)
        const isOpen = expanded.has(entry.path)
        const empty = listing?.state === 'loaded' && listing.folders.length === 0
        return (
          <li
            key={entry.path}
            ref={(element) => {
              if (element) refs.current.set(entry.path, element)
              else refs.current.delete(entry.path)
            }}
            role="treeitem"
            aria-level={level}
            aria-setsize={item.setSize}
            aria-posinset={item.position}
            aria-expanded={empty ? undefined : isOpen}
            aria-selected={entry.path === selected}
            tabIndex={entry.path === current ? 0 : -1}
            className={`tree-item${entry.path === selected ? ' selected' : ''}${entry.path === dropTarget ? ' drop-target' : ''}`}
            style={{ paddingLeft: `${0.5 + (level - 1) * 1.1}rem` }}
            title={entry.path}
            onClick={() => {
              setFocused(entry.path)
              onSelect(entry.path)
            }}
            onKeyDown={(event) => onKeyDown(event, item)}
            {...dropHandlers(entry.path)}
          >
            <span
              className="twisty"
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation()
                onToggle(entry.path)
              }}
            >
              {empty ? '' : isOpen ? '▾' : '▸'}
            </span>
            <FolderIcon />
            {entry.name}
            {listing?.state === 'loading' && <span className="muted"> …</span>}
            {listing?.state === 'failed' && (
              <span className="error-text">
                {' '}
                ({listing.error.kind === 'permission-denied' ? 'no access' : 'error'})
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
