import type { MailboxFile } from '../../shared/domain'

/** The columns "Files" sorts by. */
export type SortKey = 'name' | 'message' | 'size' | 'modifiedAt'

/** The column sorted by, and which way. */
export interface FileSort {
  readonly key: SortKey
  readonly descending: boolean
}

/**
 * The rows "Files" shows: those whose name or message holds the filter text, sorted by the
 * chosen column, then by path, so equal values keep one order.
 */
export function fileRows(
  files: readonly MailboxFile[] | undefined,
  filter: string,
  sort: FileSort,
): MailboxFile[] {
  const needle = filter.trim().toLowerCase()
  const matching =
    needle === ''
      ? [...(files ?? [])]
      : (files ?? []).filter(
          (file) =>
            file.name.toLowerCase().includes(needle) || (file.message ?? '').includes(needle),
        )
  const direction = sort.descending ? -1 : 1
  return matching.sort((a, b) => {
    const left = a[sort.key] ?? ''
    const right = b[sort.key] ?? ''
    const order =
      typeof left === 'number' && typeof right === 'number'
        ? left - right
        : String(left).localeCompare(String(right))
    return (order || a.path.localeCompare(b.path)) * direction
  })
}

/** A click on a column's header: that column ascending, or the other way if it was already sorted by. */
export function sortBy(current: FileSort, key: SortKey): FileSort {
  return { key, descending: current.key === key ? !current.descending : false }
}
