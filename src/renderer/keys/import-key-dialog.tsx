import { useState } from 'react'
import type { KeyInfo } from '../../shared/domain'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { ImportPassphraseFields, KeySourceFields, useKeySource } from './key-source-fields'

interface ImportKeyDialogProps {
  readonly client: MailroomClient
  readonly canBrowse: boolean
  readonly onImported: (key: KeyInfo) => void
  readonly onCancel: () => void
}

const WORDS = {
  fileLabel: 'Private key file',
  filePlaceholder: 'e.g. C:\\Users\\you\\.ssh\\id_ed25519 or key.ppk',
  fileHint: 'OpenSSH (id_ed25519, id_rsa…), PEM, or PuTTY .ppk. The file itself is not changed.',
  textLabel: 'Private key',
  textHint: 'Paste the whole key, from its BEGIN line (or PuTTY-User-Key-File) to the end.',
}

/**
 * "Import key": an existing private key from a file or pasted, in OpenSSH, PEM or PuTTY (.ppk)
 * format. It is copied into the keychain; the original file is left as it is.
 */
export function ImportKeyDialog({ client, canBrowse, onImported, onCancel }: ImportKeyDialogProps) {
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
      onImported(
        await client.call('keys:import', {
          source: keySource.source,
          ...(passphrase ? { passphrase } : {}),
          rememberPassphrase: remember && passphrase !== '',
        }),
      )
    } catch (failure) {
      const apiError = asApiError(failure)
      if (apiError.kind === 'passphrase-needed' || apiError.kind === 'bad-passphrase')
        setAskPassphrase(true)
      setError(apiError.message)
      setBusy(false)
    }
  }

  return (
    <ModalDialog title="Import key" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (keySource.ready) void submit()
        }}
      >
        <KeySourceFields
          state={keySource}
          idPrefix="import"
          words={WORDS}
          client={client}
          canBrowse={canBrowse}
        />
        {askPassphrase && (
          <ImportPassphraseFields
            idPrefix="import"
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
