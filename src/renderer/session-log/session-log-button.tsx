import { useState } from 'react'
import type { ProfileId } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import { SessionLogDialog } from './session-log-dialog'

/** The toolbar's "Session log" button and the dialog it opens, for app.tsx to place. */
export function SessionLogButton({
  client,
  profileId,
}: {
  readonly client: MailroomClient
  /** The profile shown first when the dialog opens (the connected one). */
  readonly profileId?: ProfileId
}) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Session log
      </button>
      <SessionLogDialog
        client={client}
        open={open}
        onClose={() => setOpen(false)}
        {...(profileId ? { profileId } : {})}
      />
    </>
  )
}
