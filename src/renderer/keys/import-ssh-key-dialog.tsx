import type { KeyInfo } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import { KeyImportDialog } from './key-import-dialog'

interface ImportSshKeyDialogProps {
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
export function ImportSshKeyDialog({
  client,
  canBrowse,
  onImported,
  onCancel,
}: ImportSshKeyDialogProps) {
  return (
    <KeyImportDialog
      title="Import key"
      idPrefix="import"
      words={WORDS}
      client={client}
      canBrowse={canBrowse}
      importKey={async (request) => onImported(await client.call('keys:import', request))}
      onCancel={onCancel}
    />
  )
}
