import { useState } from 'react'
import type { PgpKeyInfo } from '../../shared/pgp'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { SavePathField } from '../keys/save-path-field'
import { exportFileName, keyName } from './pgp-key-words'

/** "Export public key": an OpenPGP key's public half, armored, into a new file to hand over. */
export function PgpExportDialog({
  client,
  keyInfo,
  canBrowse,
  onDone,
  onCancel,
}: {
  readonly client: MailroomClient
  readonly keyInfo: PgpKeyInfo
  readonly canBrowse: boolean
  readonly onDone: (message: string) => void
  readonly onCancel: () => void
}) {
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const submit = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await client.call('pgp:export-public', {
        fingerprint: keyInfo.fingerprint,
        path: path.trim(),
      })
      onDone(`Saved the public key of ${keyName(keyInfo)} to ${path.trim()}`)
    } catch (failure) {
      setError(asApiError(failure).message)
      setBusy(false)
    }
  }
  return (
    <ModalDialog title="Export public key" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (path.trim() !== '') void submit()
        }}
      >
        <p className="field-hint">
          The public key of {keyName(keyInfo)}, armored, as partners import it with gpg --import.
        </p>
        <SavePathField
          id="pgp-export-path"
          path={path}
          onPath={setPath}
          defaultName={exportFileName(keyInfo.fingerprint)}
          client={client}
          canBrowse={canBrowse}
        />
        <FormFooter
          error={error}
          submitLabel="Save"
          submitDisabled={busy || path.trim() === ''}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
