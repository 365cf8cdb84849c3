import { useState } from 'react'
import type { PgpKeyInfo } from '../../shared/pgp'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { PassphraseFields, usePassphraseFields } from '../keys/passphrase-fields'

/**
 * "New OpenPGP key pair": an own key (ed25519/cv25519, v4, which GnuPG 2.2 reads), named by a
 * person's or company's name and email, as partners see it in their keyring.
 */
export function PgpGenerateDialog({
  client,
  onGenerated,
  onCancel,
}: {
  readonly client: MailroomClient
  readonly onGenerated: (key: PgpKeyInfo) => void
  readonly onCancel: () => void
}) {
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const passphrase = usePassphraseFields(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const ready = name.trim() !== '' && email.trim() !== '' && passphrase.problem === undefined

  const generate = async () => {
    setBusy(true)
    setError(undefined)
    try {
      onGenerated(
        await client.call('pgp:generate', {
          name: name.trim(),
          email: email.trim(),
          ...(passphrase.value ? { passphrase: passphrase.value } : {}),
          rememberPassphrase: passphrase.remember,
        }),
      )
    } catch (failure) {
      setError(asApiError(failure).message)
      setBusy(false)
    }
  }

  return (
    <ModalDialog title="New OpenPGP key pair" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (ready) void generate()
        }}
      >
        <p className="field-hint">
          Partners encrypt files to this key and check your signatures with it. Mailroom makes an
          ed25519 key that GnuPG 2.2 and later read; its secret half stays in this computer&apos;s
          keychain.
        </p>
        <div className="field-grid">
          <div className="field">
            <label htmlFor="pgp-generate-name">Name</label>
            <input
              id="pgp-generate-name"
              value={name}
              maxLength={200}
              autoComplete="organization"
              placeholder="e.g. Acme Ltd file exchange"
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="pgp-generate-email">Email</label>
            <input
              id="pgp-generate-email"
              type="email"
              value={email}
              maxLength={254}
              autoComplete="email"
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
        </div>
        <PassphraseFields
          state={passphrase}
          idPrefix="pgp-generate"
          withoutRemembering="files for this key are kept encrypted until you give it"
        />
        <FormFooter
          error={error}
          submitLabel={busy ? 'Making the key…' : 'Make key pair'}
          submitDisabled={busy || !ready}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
