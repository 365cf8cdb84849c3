import { useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react'

/** One visible row of a tree, in display order. */
export interface TreeNode {
  readonly id: string
  readonly parentId?: string
  readonly label: ReactNode
  /** Plain text for the accessible name when `label` holds more than text. */
  readonly name: string
  readonly level: number
  readonly position: number
  readonly setSize: number
  readonly expandable: boolean
  readonly expanded: boolean
  readonly icon?: ReactNode
  /** Counts and warnings shown after the label. */
  readonly badge?: ReactNode
  readonly title?: string
  /** Whether files may be dropped here (send mailboxes, folders). */
  readonly droppable: boolean
}

interface TreeViewProps {
  readonly label: string
  readonly nodes: readonly TreeNode[]
  readonly selected: string | undefined
  readonly onToggle: (id: string, open?: boolean) => void
  readonly onSelect: (id: string) => void
  readonly onDropFiles?: (id: string, data: DataTransfer) => void
}

/**
 * A tree following the WAI-ARIA tree pattern: arrow keys move, Right opens or goes to the first
 * child, Left closes or goes to the parent, Home/End jump, Enter or Space selects. Files dragged
 * from the desktop can be dropped on the nodes that accept them.
 */
export function TreeView({
  label,
  nodes,
  selected,
  onToggle,
  onSelect,
  onDropFiles,
}: TreeViewProps) {
  const [focused, setFocused] = useState<string>()
  const [dropTarget, setDropTarget] = useState<string>()
  const refs = useRef(new Map<string, HTMLLIElement>())
  const current = nodes.some((node) => node.id === focused)
    ? focused
    : nodes.some((node) => node.id === selected)
      ? selected
      : nodes[0]?.id

  const focus = (id: string | undefined) => {
    if (id === undefined) return
    setFocused(id)
    refs.current.get(id)?.focus()
  }

  const onKeyDown = (event: KeyboardEvent, node: TreeNode, index: number) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => focus(nodes[index + 1]?.id),
      ArrowUp: () => focus(nodes[index - 1]?.id),
      Home: () => focus(nodes[0]?.id),
      End: () => focus(nodes.at(-1)?.id),
      ArrowRight: () => {
        if (node.expandable && !node.expanded) onToggle(node.id, true)
        else if (nodes[index + 1]?.parentId === node.id) focus(nodes[index + 1]?.id)
      },
      ArrowLeft: () => {
        if (node.expandable && node.expanded) onToggle(node.id, false)
        else focus(node.parentId)
      },
      Enter: () => onSelect(node.id),
      ' ': () => onSelect(node.id),
    }
    const action = keys[event.key]
    if (!action) return
    event.preventDefault()
    event.stopPropagation()
    action()
  }

  const dropHandlers = (node: TreeNode) =>
    node.droppable && onDropFiles
      ? {
          onDragOver: (event: DragEvent) => {
            if (!event.dataTransfer.types.includes('Files')) return
            event.preventDefault()
            event.dataTransfer.dropEffect = 'copy'
            setDropTarget(node.id)
          },
          onDragLeave: () => setDropTarget((target) => (target === node.id ? undefined : target)),
          onDrop: (event: DragEvent) => {
            event.preventDefault()
            event.stopPropagation()
            setDropTarget(undefined)
            onDropFiles(node.id, event.dataTransfer)
          },
        }
      : {}

  return (
    <ul role="tree" aria-label={label} className="tree">
      {nodes.map((node, index) => (
        <li
          key={node.id}
          ref={(element) => {
            if (element) refs.current.set(node.id, element)
            else refs.current.delete(node.id)
          }}
          role="treeitem"
          aria-label={node.name}
          aria-level={node.level}
          aria-setsize={node.setSize}
          aria-posinset={node.position}
          aria-expanded={node.expandable ? node.expanded : undefined}
          aria-selected={node.id === selected}
          tabIndex={node.id === current ? 0 : -1}
          className={`tree-item${node.id === selected ? ' selected' : ''}${node.id === dropTarget ? ' drop-target' : ''}`}
          style={{ paddingLeft: `${0.5 + (node.level - 1) * 1.1}rem` }}
          title={node.title}
          onClick={() => {
            setFocused(node.id)
            onSelect(node.id)
          }}
          onKeyDown={(event) => onKeyDown(event, node, index)}
          {...dropHandlers(node)}
        >
          <span
            className="twisty"
            aria-hidden="true"
            onClick={(event) => {
              if (!node.expandable) return
              event.stopPropagation()
              onToggle(node.id)
            }}
          >
            {node.expandable ? (node.expanded ? '▾' : '▸') : ''}
          </span>
          {node.icon}
          <span className="tree-label">{node.label}</span>
          {/* A space, so the label and the badge read as two words ("inbox 3", not "inbox3"). */}
          {node.badge && ' '}
          {node.badge}
        </li>
      ))}
    </ul>
  )
}
