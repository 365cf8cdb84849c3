import type { ProfileId } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import { SessionLogDialog } from './session-log-dialog'

/**
 * The toolbar's "Session log" button and the dialog it opens. Open or not is app.tsx's, so the
 * menu's Session log (Ctrl/Cmd+L) opens the same dialog.
 */
export function SessionLogButton({
  client,
  profileId,
  open,
  setOpen,
}: {
  readonly client: MailroomClient
  /** The profile shown first when the dialog opens (the connected one). */
  readonly profileId?: ProfileId
  readonly open: boolean
  readonly setOpen: (open: boolean) => void
}) {
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Session log
      </button>
      {open && (
        <SessionLogDialog
          client={client}
          onClose={() => setOpen(false)}
          {...(profileId ? { profileId } : {})}
        />
      )}
    </>
  )
}
