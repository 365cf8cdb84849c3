import { useState } from 'react'
import type { PgpKeyInfo } from '../../shared/pgp'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { ImportPassphraseFields, KeySourceFields, useKeySource } from '../keys/key-source-fields'

const WORDS = {
  fileLabel: 'OpenPGP key file',
  filePlaceholder: 'e.g. partner.asc, partner.gpg',
  fileHint:
    "A partner's public key or your own key pair, armored (.asc) or binary (.gpg, .pgp); a file may hold several keys.",
  textLabel: 'OpenPGP key',
  textHint: 'Paste the whole block, from -----BEGIN PGP PUBLIC KEY BLOCK----- to its END line.',
}

/**
 * "Import OpenPGP key": partners' public keys or an own secret key, from a file or pasted. A
 * secret key's passphrase is asked when the import says it needs one, and proved before keeping.
 */
export function PgpImportDialog({
  client,
  canBrowse,
  onImported,
  onCancel,
}: {
  readonly client: MailroomClient
  readonly canBrowse: boolean
  readonly onImported: (keys: readonly PgpKeyInfo[]) => void
  readonly onCancel: () => void
}) {
  const keySource = useKeySource()
  const [passphrase, setPassphrase] = useState('')
  const [askPassphrase, setAskPassphrase] = useState(false)
  const [remember, setRemember] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const submit = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const imported = await client.call('pgp:import', {
        source: keySource.source,
        ...(passphrase ? { passphrase } : {}),
        rememberPassphrase: remember && passphrase !== '',
      })
      onImported(imported.map((entry) => entry.key))
    } catch (failure) {
      const apiError = asApiError(failure)
      if (apiError.kind === 'passphrase-needed' || apiError.kind === 'bad-passphrase')
        setAskPassphrase(true)
      setError(apiError.message)
      setBusy(false)
    }
  }

  return (
    <ModalDialog title="Import OpenPGP key" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (keySource.ready) void submit()
        }}
      >
        <KeySourceFields
          state={keySource}
          idPrefix="pgp-import"
          words={WORDS}
          client={client}
          canBrowse={canBrowse}
        />
        {askPassphrase && (
          <ImportPassphraseFields
            idPrefix="pgp-import"
            passphrase={passphrase}
            onPassphrase={setPassphrase}
            remember={remember}
            onRemember={setRemember}
          />
        )}
        <FormFooter
          error={error}
          submitLabel={busy ? 'Importing…' : 'Import'}
          submitDisabled={busy || !keySource.ready}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
