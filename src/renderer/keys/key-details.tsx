import type { KeyInfo } from '../../shared/domain'
import { PublicKeyActions } from './public-key-actions'

interface KeyDetailsProps {
  readonly keyInfo: KeyInfo
  readonly onSavePublic: () => void
  readonly onExportPrivate: () => void
}

/**
 * The public half of a key, in the one-line OpenSSH form the gateways' guides ask for, and its
 * SHA256 fingerprint as `ssh-keygen -lf` prints it, with ways to hand them to the provider.
 */
export function KeyDetails({ keyInfo, onSavePublic, onExportPrivate }: KeyDetailsProps) {
  return (
    <div className="key-details">
      <dl className="facts">
        <dt>Type</dt>
        <dd>
          {keyInfo.type} ({keyInfo.bits} bits){keyInfo.encrypted ? ', passphrase-protected' : ''}
          {keyInfo.passphraseRemembered ? ', passphrase remembered' : ''}
        </dd>
        <dt>Fingerprint</dt>
        <dd>
          <code className="fingerprint">{keyInfo.fingerprint}</code>
        </dd>
      </dl>
      <label htmlFor={`public-key-${keyInfo.id}`} className="small-label">
        Public key (send this to the provider)
      </label>
      <textarea
        id={`public-key-${keyInfo.id}`}
        className="public-key"
        readOnly
        rows={3}
        value={keyInfo.publicKey}
        onFocus={(event) => event.target.select()}
      />
      <PublicKeyActions publicKey={keyInfo.publicKey} onSavePublic={onSavePublic}>
        <button type="button" onClick={onExportPrivate}>
          Export private key…
        </button>
      </PublicKeyActions>
    </div>
  )
}
