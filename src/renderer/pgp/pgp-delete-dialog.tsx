import { useState } from 'react'
import type { PgpKeyInfo } from '../../shared/pgp'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { keyName } from './pgp-key-words'

/**
 * "Delete OpenPGP key", confirmed: an own key's secret half goes too. The main side refuses a key
 * a send mailbox encrypts to, naming the profiles; that refusal is shown here.
 */
export function PgpDeleteDialog({
  client,
  keyInfo,
  onDeleted,
  onCancel,
}: {
  readonly client: MailroomClient
  readonly keyInfo: PgpKeyInfo
  readonly onDeleted: (message: string) => void
  readonly onCancel: () => void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const submit = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await client.call('pgp:delete', { fingerprint: keyInfo.fingerprint })
      onDeleted(`Deleted ${keyName(keyInfo)}`)
    } catch (failure) {
      setError(asApiError(failure).message)
      setBusy(false)
    }
  }
  return (
    <ModalDialog title="Delete OpenPGP key" onCancel={onCancel} tone="danger">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <p>
          Delete {keyName(keyInfo)}?{' '}
          {keyInfo.hasSecret
            ? 'Its secret half is deleted too: files encrypted to it can no longer be decrypted here.'
            : 'Files can no longer be encrypted to it or its signatures checked.'}
        </p>
        <FormFooter
          error={error}
          submitLabel={busy ? 'Deleting…' : 'Delete'}
          submitDisabled={busy}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
