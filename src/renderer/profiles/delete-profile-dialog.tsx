import { useState } from 'react'
import type { KeyInfo, Profile } from '../../shared/domain'
import { ModalDialog } from '../common/modal-dialog'

interface DeleteProfileDialogProps {
  readonly profile: Profile
  /** The profile's key, when no other profile uses it (so it may be deleted too). */
  readonly unsharedKey: KeyInfo | undefined
  readonly onDelete: (deleteKey: boolean) => void
  readonly onCancel: () => void
}

/** Confirms deleting a profile, and offers to delete its key when nothing else uses it. */
export function DeleteProfileDialog({
  profile,
  unsharedKey,
  onDelete,
  onCancel,
}: DeleteProfileDialogProps) {
  const [deleteKey, setDeleteKey] = useState(false)
  return (
    <ModalDialog title="Delete profile" onCancel={onCancel} tone="danger">
      <p>
        Delete the profile <strong>{profile.name}</strong> ({profile.username}@{profile.host})?
        Files already sent or picked up are not affected.
      </p>
      {unsharedKey && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={deleteKey}
            onChange={(event) => setDeleteKey(event.target.checked)}
          />
          Also delete its key {unsharedKey.comment ? `“${unsharedKey.comment}”` : ''} from the
          keychain (no other profile uses it; it cannot be recovered)
        </label>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => onDelete(deleteKey)}>
          Delete
        </button>
      </div>
    </ModalDialog>
  )
}
