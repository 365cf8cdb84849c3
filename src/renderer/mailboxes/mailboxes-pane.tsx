import type { MailboxLayout } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'
import { FolderTree } from './folder-tree'
import { MailboxLayoutTree } from './mailbox-layout-tree'
import type { useFolderTree } from './use-folder-tree'

interface MailboxesPaneProps {
  readonly connected: boolean
  readonly hasProfiles: boolean
  readonly layout: MailboxLayout | undefined
  /** The server's folders are shown instead of mailboxes (a Generic SFTP profile naming none). */
  readonly browseFolders: boolean
  readonly tree: Pick<ReturnType<typeof useFolderTree>, 'children' | 'expanded' | 'toggle'>
  readonly selected: RemotePath | undefined
  readonly onSelect: (folder: RemotePath) => void
  readonly onDropFiles: (folder: RemotePath, data: DataTransfer) => void
}

/** The "Mailboxes" pane: the gateway's mailboxes, the server's folders, or what to do first. */
export function MailboxesPane({
  connected,
  hasProfiles,
  layout,
  browseFolders,
  tree,
  selected,
  onSelect,
  onDropFiles,
}: MailboxesPaneProps) {
  return (
    <nav className="mailboxes" aria-label="Mailbox folders">
      <div className="pane-header">
        <h2>Mailboxes</h2>
      </div>
      {connected && layout && !browseFolders ? (
        <MailboxLayoutTree
          layout={layout}
          selected={selected}
          onSelect={(mailbox) => onSelect(mailbox.path)}
          onDropFiles={(mailbox, data) => onDropFiles(mailbox.path, data)}
        />
      ) : connected && browseFolders ? (
        <FolderTree
          children={tree.children}
          expanded={tree.expanded}
          selected={selected}
          onToggle={tree.toggle}
          onSelect={onSelect}
          onDropFiles={onDropFiles}
        />
      ) : (
        <p className="placeholder">
          {connected
            ? 'Finding the mailboxes…'
            : hasProfiles
              ? 'Connect to see the mailboxes.'
              : 'Create a profile to begin: New profile.'}
        </p>
      )}
    </nav>
  )
}
