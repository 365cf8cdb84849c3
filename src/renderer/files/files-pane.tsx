import type { RefObject } from 'react'
import type { MailboxRole } from '../../shared/domain'
import type { Retention } from '../../shared/presets'
import type { RemotePath } from '../../shared/remote-path'
import { PickupFolderField } from '../pickup/pickup-folder-field'
import type { PickupSelection } from '../pickup/use-pickup'
import type { Listing } from '../state/listing'
import { FileTable } from './file-table'

interface FilesPaneProps {
  /** The mailbox's title, or the folder's path. */
  readonly title: string
  readonly connected: boolean
  readonly folder: RemotePath | undefined
  /** The role of the mailbox shown; none for a plain folder. */
  readonly role: MailboxRole | undefined
  /** The listing of the folder shown, if one has started. */
  readonly listing: Listing | undefined
  readonly selected: ReadonlySet<RemotePath>
  readonly retention: Retention | undefined
  /** Whether the folder takes dropped files (a send mailbox, or any folder when browsing). */
  readonly canDrop: boolean
  /** Whom files dropped here go to, said where the list is empty. */
  readonly sendTarget: string
  /** "Send files…" opens this chooser; the menu's Send files (Ctrl/Cmd+O) does too. */
  readonly fileInput: RefObject<HTMLInputElement | null>
  readonly pickup: {
    readonly folder: string
    readonly keepOnServer: boolean
    readonly canBrowse: boolean
    readonly onBrowse: () => Promise<string | null>
    readonly onChange: (folder: string) => void
    readonly onKeepOnServerChange: (keep: boolean) => void
    readonly onShowHistory: () => void
  }
  readonly onRefresh: () => void
  readonly onSendFiles: (folder: RemotePath, files: readonly File[]) => void
  readonly onPickUp: (selection: PickupSelection) => void
  readonly onSelect: (selection: ReadonlySet<RemotePath>) => void
  readonly onCancelListing: () => void
  readonly onDropFiles: (folder: RemotePath, data: DataTransfer) => void
  readonly onDragOut: ((path: RemotePath) => void) | undefined
}

/** The folder shown: its actions (refresh, send, pick up), where pickup saves, and its files. */
export function FilesPane({
  title,
  connected,
  folder,
  role,
  listing,
  selected,
  retention,
  canDrop,
  sendTarget,
  fileInput,
  pickup,
  onRefresh,
  onSendFiles,
  onPickUp,
  onSelect,
  onCancelListing,
  onDropFiles,
  onDragOut,
}: FilesPaneProps) {
  return (
    <section className="files" aria-label="Folder contents">
      <div className="pane-header">
        <h2 className="folder-title">{title}</h2>
        <div className="actions">
          <button type="button" disabled={!connected} title="Refresh (F5)" onClick={onRefresh}>
            Refresh
          </button>
          <button
            type="button"
            disabled={!connected || folder === undefined}
            onClick={() => fileInput.current?.click()}
          >
            Send files…
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            onChange={(event) => {
              const files = [...(event.target.files ?? [])]
              event.target.value = ''
              if (folder !== undefined) onSendFiles(folder, files)
            }}
          />
          <button
            type="button"
            className="primary"
            disabled={selected.size === 0}
            onClick={() => onPickUp({ paths: [...selected] })}
          >
            Pick up
          </button>
          <button
            type="button"
            disabled={!connected || role !== 'receive'}
            title="Every file in this mailbox older than a minute"
            onClick={() => folder !== undefined && role === 'receive' && onPickUp({ all: folder })}
          >
            Pick up all
          </button>
        </div>
      </div>
      <PickupFolderField
        folder={pickup.folder}
        canBrowse={pickup.canBrowse}
        onBrowse={pickup.onBrowse}
        onChange={pickup.onChange}
        keepOnServer={pickup.keepOnServer}
        onKeepOnServerChange={pickup.onKeepOnServerChange}
        onShowHistory={pickup.onShowHistory}
      />
      <FileTable
        folder={folder}
        files={listing?.files}
        error={listing?.error}
        listingCount={listing?.count}
        onCancelListing={onCancelListing}
        selected={selected}
        retention={retention}
        now={Date.now()}
        onSelect={onSelect}
        onActivate={(path) => onPickUp({ paths: [path] })}
        canDrop={canDrop}
        sendTarget={sendTarget}
        onDropFiles={(data) => folder !== undefined && onDropFiles(folder, data)}
        onDragOut={onDragOut}
      />
    </section>
  )
}
