import { useMemo, useState } from 'react'
import type { Mailbox, MailboxGroup, MailboxLayout } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'
import { FolderIcon } from '../common/icons'
import { TreeView, type TreeNode } from '../common/tree-view'
import {
  mailboxCount,
  mailboxName,
  partnerName,
  partnerSummary,
  problemOf,
  stationName,
} from './tree-item-names'

interface MailboxLayoutTreeProps {
  readonly layout: MailboxLayout
  readonly selected: RemotePath | undefined
  readonly onSelect: (mailbox: Mailbox) => void
  readonly onDropFiles: (mailbox: Mailbox, data: DataTransfer) => void
}

function badgeOf(mailbox: Mailbox) {
  if (mailbox.error) return <span className="badge badge-error">{problemOf(mailbox.error)}</span>
  const count = mailboxCount(mailbox)
  if (count === undefined) return undefined
  if (mailbox.role === 'failed') return <span className="badge badge-warning">⚠ {count}</span>
  return <span className="badge">{count}</span>
}

const groupId = (group: MailboxGroup) =>
  `partner:${group.station}/${group.partner}${group.test ? '/test' : ''}`

/**
 * The "Mailboxes" tree of a gateway: station, partner, then mailbox, with the number of files
 * waiting in each receive mailbox and a warning on a non-empty failed/. Files are dropped on
 * send mailboxes.
 */
export function MailboxLayoutTree({
  layout,
  selected,
  onSelect,
  onDropFiles,
}: MailboxLayoutTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const byPath = useMemo(
    () =>
      new Map(
        layout.groups.flatMap((group) =>
          group.mailboxes.map((mailbox) => [mailbox.path as string, mailbox]),
        ),
      ),
    [layout],
  )

  const nodes = useMemo(() => {
    const visible: TreeNode[] = []
    const stations = [...new Set(layout.groups.map((group) => group.station))]
    const withStations = stations.some((station) => station !== '')
    const addGroup = (
      group: MailboxGroup,
      level: number,
      position: number,
      setSize: number,
      parentId?: string,
    ) => {
      const id = groupId(group)
      const { waiting, failed } = partnerSummary(group)
      visible.push({
        id,
        ...(parentId ? { parentId } : {}),
        label: (
          <>
            {group.partner}
            {group.test && ' '}
            {group.test && <span className="tag">test</span>}
          </>
        ),
        name: partnerName(group),
        level,
        position,
        setSize,
        expandable: true,
        expanded: !collapsed.has(id),
        badge: failed ? (
          <span className="badge badge-warning">⚠</span>
        ) : waiting > 0 ? (
          <span className="badge">{waiting}</span>
        ) : undefined,
        droppable: false,
      })
      if (collapsed.has(id)) return
      group.mailboxes.forEach((mailbox, index) => {
        const badge = badgeOf(mailbox)
        visible.push({
          id: mailbox.path,
          parentId: id,
          label: mailbox.label,
          name: mailboxName(mailbox),
          level: level + 1,
          position: index + 1,
          setSize: group.mailboxes.length,
          expandable: false,
          expanded: false,
          icon: <FolderIcon />,
          ...(badge ? { badge } : {}),
          title: mailbox.error ? `${mailbox.path}: ${mailbox.error.message}` : mailbox.path,
          droppable: mailbox.role === 'send' && !mailbox.error,
        })
      })
    }
    if (!withStations) {
      layout.groups.forEach((group, index) => addGroup(group, 1, index + 1, layout.groups.length))
      return visible
    }
    const topLevel = stations.filter((station) => station !== '')
    stations.forEach((station) => {
      const groups = layout.groups.filter((group) => group.station === station)
      if (station === '') {
        groups.forEach((group, index) =>
          addGroup(group, 1, topLevel.length + index + 1, topLevel.length + groups.length),
        )
        return
      }
      const id = `station:${station}`
      visible.push({
        id,
        label: station,
        name: stationName(station),
        level: 1,
        position: topLevel.indexOf(station) + 1,
        setSize: topLevel.length,
        expandable: true,
        expanded: !collapsed.has(id),
        title: `Station ${station}`,
        droppable: false,
      })
      if (!collapsed.has(id))
        groups.forEach((group, index) => addGroup(group, 2, index + 1, groups.length, id))
    })
    return visible
  }, [layout, collapsed])

  const toggle = (id: string, open?: boolean) =>
    setCollapsed((current) => {
      const next = new Set(current)
      const willOpen = open ?? current.has(id)
      if (willOpen) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    <>
      {layout.problems.map((problem) => (
        <p key={problem} className="placeholder error-text">
          {problem}
        </p>
      ))}
      {nodes.length > 0 && (
        <TreeView
          label="Mailboxes"
          nodes={nodes}
          selected={selected}
          onToggle={toggle}
          onSelect={(id) => {
            const mailbox = byPath.get(id)
            if (mailbox) onSelect(mailbox)
            else toggle(id)
          }}
          onDropFiles={(id, data) => {
            const mailbox = byPath.get(id)
            if (mailbox) onDropFiles(mailbox, data)
          }}
        />
      )}
    </>
  )
}
