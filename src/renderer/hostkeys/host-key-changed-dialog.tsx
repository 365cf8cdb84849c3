import type { ApiError } from '../../shared/errors'
import { ModalDialog } from '../common/modal-dialog'

interface HostKeyChangedDialogProps {
  readonly error: ApiError
  readonly onClose: () => void
}

/**
 * The server offered a key other than the trusted one. The connection was already refused;
 * this screen deliberately offers no way to trust the new key.
 */
export function HostKeyChangedDialog({ error, onClose }: HostKeyChangedDialogProps) {
  const detail = error.detail ?? {}
  return (
    <ModalDialog title="Host key changed" onCancel={onClose} tone="danger">
      <p className="danger-text">{error.message}</p>
      <dl className="facts">
        <dt>Trusted key</dt>
        <dd>
          {detail.storedType} <code className="fingerprint">{detail.storedFingerprint}</code>
        </dd>
        <dt>Key offered now</dt>
        <dd>
          {detail.offeredType} <code className="fingerprint">{detail.offeredFingerprint}</code>
        </dd>
      </dl>
      <p className="field-hint">
        Do not send or pick up files until the provider has confirmed the new key.
      </p>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </ModalDialog>
  )
}
