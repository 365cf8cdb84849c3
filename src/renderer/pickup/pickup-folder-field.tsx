import { useEffect, useLayoutEffect, useRef, useState } from 'react'

interface PickupFolderFieldProps {
  readonly folder: string
  readonly canBrowse: boolean
  readonly onBrowse: () => Promise<string | null>
  readonly onChange: (folder: string) => void
  readonly keepOnServer: boolean
  readonly onKeepOnServerChange: (keep: boolean) => void
  readonly onShowHistory: () => void
}

/** Where "Pick up" saves files: typed, or chosen with the native dialog where there is one. */
export function PickupFolderField({
  folder,
  canBrowse,
  onBrowse,
  onChange,
  keepOnServer,
  onKeepOnServerChange,
  onShowHistory,
}: PickupFolderFieldProps) {
  const [draft, setDraft] = useState(folder)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => setDraft(folder), [folder])
  // A path too long for the field shows its end: the profile and folder names are what tell
  // one pickup folder from another, not the home folder they all start with.
  useLayoutEffect(() => {
    const field = input.current
    if (field && document.activeElement !== field) field.scrollLeft = field.scrollWidth
  }, [draft])
  return (
    <div className="pickup-folder">
      <label htmlFor="pickup-folder">Pick up into</label>
      <input
        id="pickup-folder"
        ref={input}
        value={draft}
        title={draft}
        placeholder="A folder on this computer"
        spellCheck={false}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => draft !== folder && onChange(draft.trim())}
        onKeyDown={(event) => event.key === 'Enter' && onChange(draft.trim())}
      />
      {canBrowse && (
        <button
          type="button"
          onClick={() => void onBrowse().then((path) => path && onChange(path))}
        >
          Choose…
        </button>
      )}
      <label className="inline-checkbox" title="Download without deleting the server's copy">
        <input
          type="checkbox"
          checked={keepOnServer}
          onChange={(event) => onKeepOnServerChange(event.target.checked)}
        />
        Keep on server
      </label>
      <button type="button" className="link-button" onClick={onShowHistory}>
        Pickup history
      </button>
    </div>
  )
}
