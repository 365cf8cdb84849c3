import { useEffect, useState } from 'react'
import type { PickupHistoryEntry } from '../../shared/domain'
import { asApiError, type MailroomClient } from '../api/client'
import { formatSize, formatTime } from '../common/format'
import { ModalDialog } from '../common/modal-dialog'
import { VisibleName } from '../common/visible-name'
import { pgpOutcomeWords } from './pickup-verdict'

interface PickupHistoryDialogProps {
  readonly client: MailroomClient
  readonly canShowInFolder: boolean
  readonly onClose: () => void
}

/**
 * "Pickup history": what was picked up, when, from where, saved as what (and what OpenPGP said:
 * decrypted and signed by whom, or why it was kept encrypted), and its SHA-256.
 */
export function PickupHistoryDialog({
  client,
  canShowInFolder,
  onClose,
}: PickupHistoryDialogProps) {
  const [entries, setEntries] = useState<readonly PickupHistoryEntry[]>()
  const [error, setError] = useState<string>()
  useEffect(() => {
    client
      .call('pickup:history', {})
      .then(setEntries, (failure: unknown) => setError(asApiError(failure).message))
  }, [client])
  return (
    <ModalDialog title="Pickup history" onCancel={onClose} wide>
      {error && <p className="field-error">{error}</p>}
      {!entries && !error && <p className="placeholder">Reading the history…</p>}
      {entries?.length === 0 && <p className="placeholder">Nothing picked up yet.</p>}
      {entries && entries.length > 0 && (
        <div className="history-scroll">
          <table aria-label="Picked up files" className="history-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">From</th>
                <th scope="col">Saved as</th>
                <th scope="col" className="numeric">
                  Size
                </th>
                <th scope="col">On the server</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={`${entry.localPath}-${entry.savedAt}`}>
                  <td>{formatTime(entry.savedAt)}</td>
                  <td className="path">
                    <VisibleName name={entry.remotePath} />
                  </td>
                  <td className="path">
                    <VisibleName name={entry.localPath} />
                    {entry.pgp && (
                      <div
                        className={`pgp-verdict${entry.pgp.decrypted ? '' : ' pgp-verdict-kept'}`}
                      >
                        {pgpOutcomeWords(entry.pgp)}
                        {entry.pgp.encryptedPath && (
                          <>
                            {'; encrypted original kept as '}
                            <VisibleName name={entry.pgp.encryptedPath} />
                          </>
                        )}
                      </div>
                    )}
                    <div className="sha" title="SHA-256 of the saved file">
                      SHA-256 {entry.sha256}
                    </div>
                    {canShowInFolder && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() =>
                          void client.call('pickup:show-in-folder', { localPath: entry.localPath })
                        }
                      >
                        Show in folder
                      </button>
                    )}
                  </td>
                  <td className="numeric">
                    {formatSize(entry.size)}
                    {/* The server's file's size: a decrypted file is smaller than what came. */}
                    {entry.pgp?.decrypted && (
                      <div className="history-note">encrypted, as it came</div>
                    )}
                  </td>
                  <td>
                    {entry.serverCopy === 'deleted'
                      ? 'deleted'
                      : entry.serverCopy === 'kept'
                        ? 'kept'
                        : 'not yet deleted'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </ModalDialog>
  )
}
