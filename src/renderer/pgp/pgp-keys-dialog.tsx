import { useState } from 'react'
import type { PgpKeyInfo } from '../../shared/pgp'
import type { MailroomClient } from '../api/client'
import { ModalDialog } from '../common/modal-dialog'
import { copyPublicKey, type KeysStatusLine } from './copy-public-key'
import { PgpDeleteDialog } from './pgp-delete-dialog'
import { PgpExportDialog } from './pgp-export-dialog'
import { PgpGenerateDialog } from './pgp-generate-dialog'
import { PgpImportDialog } from './pgp-import-dialog'
import { PgpKeyCard } from './pgp-key-card'
import { keyName } from './pgp-key-words'
import { usePgpKeys } from './use-pgp-keys'

type SubDialog =
  | { readonly kind: 'import' | 'generate' }
  | { readonly kind: 'export' | 'delete'; readonly key: PgpKeyInfo }

/**
 * "OpenPGP keys": partners' public keys and own key pairs, with what is wrong or coming (revoked,
 * expired, weak, expiring within 30 days), and Import, New key pair, Copy and Export public key,
 * Delete.
 */
export function PgpKeysDialog({
  client,
  canBrowse,
  onClose,
  onChanged,
}: {
  readonly client: MailroomClient
  readonly canBrowse: boolean
  readonly onClose: () => void
  /** The keyring changed: a Profile dialog under this one lists the keys again. */
  readonly onChanged?: () => void
}) {
  const { keys, error, refresh } = usePgpKeys(client)
  const [sub, setSub] = useState<SubDialog>()
  const [message, setMessage] = useState<KeysStatusLine>()
  const now = Date.now()
  const done = (text: string) => {
    setMessage({ text })
    setSub(undefined)
    void refresh().then(onChanged)
  }
  return (
    <ModalDialog title="OpenPGP keys" onCancel={onClose} wide>
      <p className="field-hint">
        Files sent to a mailbox are encrypted to a partner&apos;s public key; files picked up are
        decrypted with your own key pair. Choose them per mailbox in the Profile dialog.
      </p>
      <div className="button-row">
        <button type="button" onClick={() => setSub({ kind: 'import' })}>
          Import OpenPGP key…
        </button>
        <button type="button" onClick={() => setSub({ kind: 'generate' })}>
          New key pair…
        </button>
      </div>
      <p role="status" className={`pgp-status ${message?.failed ? 'error-text' : 'muted'}`}>
        {message?.text ?? ''}
      </p>
      {error && <p className="field-error">{error}</p>}
      {!keys && !error && <p className="placeholder">Reading the keys…</p>}
      {keys?.length === 0 && (
        <p className="placeholder">
          No OpenPGP keys yet. Import your partner&apos;s public key, and make or import your own
          key pair.
        </p>
      )}
      {keys && keys.length > 0 && (
        <ul aria-label="OpenPGP keys" className="pgp-key-list">
          {keys.map((key) => (
            <PgpKeyCard
              key={key.fingerprint}
              keyInfo={key}
              now={now}
              onCopy={() => void copyPublicKey(client, key, navigator.clipboard).then(setMessage)}
              onExport={() => setSub({ kind: 'export', key })}
              onDelete={() => setSub({ kind: 'delete', key })}
            />
          ))}
        </ul>
      )}
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
      {sub?.kind === 'import' && (
        <PgpImportDialog
          client={client}
          canBrowse={canBrowse}
          onImported={(imported) =>
            done(`Imported ${imported.map((key) => keyName(key)).join(', ')}`)
          }
          onCancel={() => setSub(undefined)}
        />
      )}
      {sub?.kind === 'generate' && (
        <PgpGenerateDialog
          client={client}
          onGenerated={(key) => done(`Made ${keyName(key)}`)}
          onCancel={() => setSub(undefined)}
        />
      )}
      {sub?.kind === 'export' && (
        <PgpExportDialog
          client={client}
          keyInfo={sub.key}
          canBrowse={canBrowse}
          onDone={done}
          onCancel={() => setSub(undefined)}
        />
      )}
      {sub?.kind === 'delete' && (
        <PgpDeleteDialog
          client={client}
          keyInfo={sub.key}
          onDeleted={done}
          onCancel={() => setSub(undefined)}
        />
      )}
    </ModalDialog>
  )
}
