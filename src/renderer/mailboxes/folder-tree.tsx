import { useMemo } from 'react'
import { type RemotePath } from '../../shared/remote-path'
import { FolderIcon } from '../common/icons'
import { TreeView, type TreeNode } from '../common/tree-view'
import { ROOT, type FolderChildren } from './use-folder-tree'

interface FolderTreeProps {
  readonly children: ReadonlyMap<RemotePath, FolderChildren>
  readonly expanded: ReadonlySet<RemotePath>
  readonly selected: RemotePath | undefined
  readonly onToggle: (path: RemotePath, open?: boolean) => void
  readonly onSelect: (path: RemotePath) => void
  readonly onDropFiles: (folder: RemotePath, data: DataTransfer) => void
}

/** The server's folders as they are, listed lazily: for Generic SFTP profiles without named folders. */
export function FolderTree({
  children,
  expanded,
  selected,
  onToggle,
  onSelect,
  onDropFiles,
}: FolderTreeProps) {
  const nodes = useMemo(() => {
    const visible: TreeNode[] = []
    const walk = (path: RemotePath, level: number, parentId?: string) => {
      const listing = children.get(path)
      if (listing?.state !== 'loaded') return
      listing.folders.forEach((entry, index) => {
        const inside = children.get(entry.path)
        const empty = inside?.state === 'loaded' && inside.folders.length === 0
        const problem =
          inside?.state === 'failed'
            ? inside.error.kind === 'permission-denied'
              ? 'no access'
              : 'error'
            : undefined
        visible.push({
          id: entry.path,
          ...(parentId === undefined ? {} : { parentId }),
          label: entry.name,
          // The name holds what is shown, the problem too (seen in parentheses).
          name: problem ? `${entry.name}, ${problem}` : entry.name,
          level,
          position: index + 1,
          setSize: listing.folders.length,
          expandable: !empty,
          expanded: expanded.has(entry.path),
          icon: <FolderIcon />,
          badge:
            inside?.state === 'loading' ? (
              <span className="muted"> …</span>
            ) : problem ? (
              <span className="error-text"> ({problem})</span>
            ) : undefined,
          title: entry.path,
          droppable: true,
        })
        if (expanded.has(entry.path)) walk(entry.path, level + 1, entry.path)
      })
    }
    walk(ROOT, 1)
    return visible
  }, [children, expanded])

  const root = children.get(ROOT)
  if (!root || root.state === 'loading') return <p className="placeholder">Listing folders…</p>
  if (root.state === 'failed') return <p className="placeholder error-text">{root.error.message}</p>
  if (nodes.length === 0) return <p className="placeholder">This account has no folders.</p>
  return (
    <TreeView
      label="Mailboxes"
      nodes={nodes}
      selected={selected}
      onToggle={(id, open) => onToggle(id as RemotePath, open)}
      onSelect={(id) => onSelect(id as RemotePath)}
      onDropFiles={(id, data) => onDropFiles(id as RemotePath, data)}
    />
  )
}
