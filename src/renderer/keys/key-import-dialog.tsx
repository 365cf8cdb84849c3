import { useState } from 'react'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import {
  ImportPassphraseFields,
  KeySourceFields,
  useKeySource,
  type KeySourceState,
  type KeySourceWords,
} from './key-source-fields'

/** What an import call gets: the key's source, and its passphrase if one was asked for. */
export interface KeyImportRequest {
  readonly source: KeySourceState['source']
  readonly passphrase?: string
  readonly rememberPassphrase: boolean
}

/**
 * The import dialog SSH keys and OpenPGP keys share: a key from a file or pasted, its passphrase
 * asked only once the import says it needs one (or that the one given was wrong), then proved.
 */
export function KeyImportDialog({
  title,
  idPrefix,
  words,
  client,
  canBrowse,
  importKey,
  onCancel,
}: {
  readonly title: string
  readonly idPrefix: string
  readonly words: KeySourceWords
  readonly client: MailroomClient
  readonly canBrowse: boolean
  /** Imports the key and hands it on; a failure is shown in the dialog. */
  readonly importKey: (request: KeyImportRequest) => Promise<void>
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
      await importKey({
        source: keySource.source,
        ...(passphrase ? { passphrase } : {}),
        rememberPassphrase: remember && passphrase !== '',
      })
    } catch (failure) {
      const apiError = asApiError(failure)
      if (apiError.kind === 'passphrase-needed' || apiError.kind === 'bad-passphrase')
        setAskPassphrase(true)
      setError(apiError.message)
      setBusy(false)
    }
  }

  return (
    <ModalDialog title={title} onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (keySource.ready) void submit()
        }}
      >
        <KeySourceFields
          state={keySource}
          idPrefix={idPrefix}
          words={words}
          client={client}
          canBrowse={canBrowse}
        />
        {askPassphrase && (
          <ImportPassphraseFields
            idPrefix={idPrefix}
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
