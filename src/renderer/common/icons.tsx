/** Small inline icons: no icon font or remote asset is loaded (the CSP allows none). */

export function FolderIcon() {
  return (
    <svg className="icon folder-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M1.5 3.5h4.2l1.4 1.5h7.4v7.5h-13z" fill="currentColor" />
    </svg>
  )
}

export function FileIcon() {
  return (
    <svg className="icon file-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M3.5 1.5h6l3 3v10h-9z" fill="none" stroke="currentColor" strokeWidth="1.2" />
      <path d="M9.5 1.5v3h3" fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  )
}
