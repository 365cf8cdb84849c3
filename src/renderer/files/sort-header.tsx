import { sortBy, type FileSort, type SortKey } from './file-rows'

/** A column header of "Files" that sorts by its column, saying which way for screen readers too. */
export function SortHeader({
  column,
  label,
  className,
  sort,
  onSort,
}: {
  readonly column: SortKey
  readonly label: string
  readonly className?: string
  readonly sort: FileSort
  readonly onSort: (sort: FileSort) => void
}) {
  const sorted = sort.key === column
  return (
    <th
      scope="col"
      className={className}
      aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" className="sort-button" onClick={() => onSort(sortBy(sort, column))}>
        {label}
        <span aria-hidden="true">{sorted ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
      </button>
    </th>
  )
}
