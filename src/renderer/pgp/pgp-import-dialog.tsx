import type { PgpKeyInfo } from '../../shared/pgp'
import type { MailroomClient } from '../api/client'
import { KeyImportDialog } from '../keys/key-import-dialog'

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
  return (
    <KeyImportDialog
      title="Import OpenPGP key"
      idPrefix="pgp-import"
      words={WORDS}
      client={client}
      canBrowse={canBrowse}
      importKey={async (request) => {
        const imported = await client.call('pgp:import', request)
        onImported(imported.map((entry) => entry.key))
      }}
      onCancel={onCancel}
    />
  )
}
