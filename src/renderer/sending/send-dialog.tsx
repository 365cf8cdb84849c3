import { useState } from 'react'
import type { Preset } from '../../shared/presets'
import { formatSize } from '../common/format'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'

/** One name sent to this mailbox within the gateway's duplicate window (MFT Gateway: 6 hours). */
export interface RecentDuplicate {
  readonly name: string
  readonly sentAt: number
  readonly suggestion: string
}

/** What the person chose in the send dialog. */
export type SendChoice =
  | { readonly kind: 'separately'; readonly renameDuplicates: boolean }
  | { readonly kind: 'one-message' }
  | { readonly kind: 'zip'; readonly archiveName: string }

interface SendDialogProps {
  /** The gateway's preset: its message limits and duplicate rule. */
  readonly gateway: Preset
  readonly mailboxName: string
  readonly files: ReadonlyArray<{ readonly name: string; readonly size: number }>
  /** AS2 Gateway: several files may travel as one message (a folder in the outbox). */
  readonly offerMessage: boolean
  /** MFT Gateway: several files travel as one message only zipped. */
  readonly offerZip: boolean
  readonly duplicates: readonly RecentDuplicate[]
  readonly onSend: (choice: SendChoice) => void
  readonly onCancel: () => void
}

/**
 * Asks how several files should travel (one AS2 message, separate messages, one zip archive)
 * and warns of names MFT Gateway would treat as duplicates, offering a suffixed name.
 */
export function SendDialog({
  gateway,
  mailboxName,
  files,
  offerMessage,
  offerZip,
  duplicates,
  onSend,
  onCancel,
}: SendDialogProps) {
  const total = files.reduce((sum, file) => sum + file.size, 0)
  const limits = gateway.multiFileMessage ?? { files: Infinity, bytes: Infinity }
  // The guides' "10 MB" is decimal, unlike the sizes formatSize shows.
  const limitMb = limits.bytes / 1_000_000
  const messageProblem =
    files.length > limits.files
      ? `more than ${limits.files} files`
      : total > limits.bytes
        ? `more than ${limitMb} MB together (${formatSize(total)})`
        : undefined
  const [mode, setMode] = useState<'one-message' | 'separately' | 'zip'>(
    offerMessage && !messageProblem ? 'one-message' : 'separately',
  )
  const [archiveName, setArchiveName] = useState(
    `${new Date().toISOString().slice(0, 10)}-files.zip`,
  )
  const [renameDuplicates, setRenameDuplicates] = useState(true)
  const several = files.length > 1

  return (
    <ModalDialog title={`Send to ${mailboxName}`} onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          onSend(
            mode === 'one-message'
              ? { kind: 'one-message' }
              : mode === 'zip'
                ? { kind: 'zip', archiveName }
                : { kind: 'separately', renameDuplicates },
          )
        }}
      >
        <p>
          {files.length} {files.length === 1 ? 'file' : 'files'}, {formatSize(total)}:{' '}
          {files.map((file) => file.name).join(', ')}
        </p>
        {several && (offerMessage || offerZip) && (
          <fieldset>
            <legend>How should they travel?</legend>
            {offerMessage && (
              <label className="checkbox">
                <input
                  type="radio"
                  name="send-mode"
                  checked={mode === 'one-message'}
                  disabled={messageProblem !== undefined}
                  onChange={() => setMode('one-message')}
                />
                <span>
                  One message with {files.length} attachments
                  {messageProblem && (
                    <span className="error-text">
                      {' '}
                      (not possible: {messageProblem}; {gateway.label} takes at most {limits.files}{' '}
                      files and {limitMb} MB per message)
                    </span>
                  )}
                </span>
              </label>
            )}
            <label className="checkbox">
              <input
                type="radio"
                name="send-mode"
                checked={mode === 'separately'}
                onChange={() => setMode('separately')}
              />
              {files.length} messages, one per file
            </label>
            {offerZip && (
              <label className="checkbox">
                <input
                  type="radio"
                  name="send-mode"
                  checked={mode === 'zip'}
                  onChange={() => setMode('zip')}
                />
                <span>
                  One message: zip them into one archive{' '}
                  <input
                    aria-label="Archive name"
                    value={archiveName}
                    disabled={mode !== 'zip'}
                    onChange={(event) => setArchiveName(event.target.value)}
                  />
                </span>
              </label>
            )}
          </fieldset>
        )}
        {duplicates.length > 0 && mode === 'separately' && (
          <div className="warning-box" role="alert">
            <p>
              {gateway.label} treats a file with the same name sent within{' '}
              {Math.round((gateway.duplicateWindowMs ?? 0) / 3_600_000)} hours as a duplicate, and
              does not send it. Sent recently:
            </p>
            <ul>
              {duplicates.map((duplicate) => (
                <li key={duplicate.name}>
                  <strong>{duplicate.name}</strong> at{' '}
                  {new Date(duplicate.sentAt).toLocaleTimeString()}: send as{' '}
                  <code>{duplicate.suggestion}</code>
                </li>
              ))}
            </ul>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={renameDuplicates}
                onChange={(event) => setRenameDuplicates(event.target.checked)}
              />
              Add the suffix shown (otherwise the gateway will likely set them aside as duplicates)
            </label>
          </div>
        )}
        <FormFooter
          submitLabel="Send"
          submitDisabled={mode === 'zip' && !/^[^/\\]+\.zip$/i.test(archiveName)}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}
