import { useId } from 'react'
import type { PgpKeyInfo, PgpReceiveSetting } from '../../shared/pgp'
import { FoldedSection } from '../common/folded-section'
import {
  mailboxWords,
  NEW_RECEIVE_SETTING,
  pgpMailboxes,
  pgpSummary,
  withEntry,
} from './pgp-mailbox-settings'
import type { DraftForm } from './profile-field'
import { ProfilePgpSend } from './profile-pgp-send'

const SIGNATURE_POLICIES: ReadonlyArray<{ value: PgpReceiveSetting['signature']; label: string }> =
  [
    { value: 'warn', label: 'Check, and say when a file is not signed by a known key' },
    { value: 'require', label: 'Require a good signature, else keep the file encrypted' },
    { value: 'ignore', label: 'Do not check' },
  ]

/** One receive mailbox's OpenPGP choice: decrypt or not, the signature policy, keep the original. */
function ProfilePgpReceive({
  folder,
  setting,
  hasOwnKey,
  onChange,
}: {
  readonly folder: string
  readonly setting: PgpReceiveSetting | undefined
  readonly hasOwnKey: boolean
  readonly onChange: (setting: PgpReceiveSetting | undefined) => void
}) {
  const id = useId()
  const words = mailboxWords(folder, 'receive')
  const on = setting?.decrypt === true
  return (
    <div className="pgp-mailbox" role="group" aria-label={`Receive mailbox ${words}`}>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={on}
          onChange={(event) => onChange(event.target.checked ? NEW_RECEIVE_SETTING : undefined)}
        />
        Decrypt files picked up from {words}
      </label>
      {setting && on && (
        <div className="pgp-mailbox-options">
          {!hasOwnKey && (
            <p className="field-error">
              No own key pair yet: make or import one in OpenPGP keys, and give your partner its
              public key.
            </p>
          )}
          <div className="field">
            <label htmlFor={`${id}-signature`}>Signatures</label>
            <select
              id={`${id}-signature`}
              value={setting.signature}
              onChange={(event) =>
                onChange({
                  ...setting,
                  signature: event.target.value as PgpReceiveSetting['signature'],
                })
              }
            >
              {SIGNATURE_POLICIES.map((policy) => (
                <option key={policy.value} value={policy.value}>
                  {policy.label}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={setting.keepEncrypted}
              onChange={(event) => onChange({ ...setting, keepEncrypted: event.target.checked })}
            />
            Keep the encrypted original beside the decrypted file
          </label>
        </div>
      )}
    </div>
  )
}

/**
 * The Profile dialog's "OpenPGP", folded away with a summary line: per send mailbox, encrypt
 * (and sign) what is sent; per receive mailbox, decrypt (and verify) what is picked up.
 */
export function ProfilePgpSection({
  form,
  keys,
  onManageKeys,
}: {
  readonly form: DraftForm
  /** The OpenPGP keyring, or undefined while it is read. */
  readonly keys: readonly PgpKeyInfo[] | undefined
  readonly onManageKeys: () => void
}) {
  const { draft, errors, touched, update } = form
  const sendError = touched.has('pgpSend') ? errors.pgpSend : undefined
  const known = keys ?? []
  return (
    <FoldedSection title="OpenPGP" summary={pgpSummary(draft)} mustOpen={sendError !== undefined}>
      <p className="field-hint">
        For partners who want the files themselves encrypted.{' '}
        <button type="button" className="link-button" onClick={onManageKeys}>
          OpenPGP keys…
        </button>
      </p>
      {pgpMailboxes(draft, 'send').map((folder) => (
        <ProfilePgpSend
          key={`send-${folder}`}
          folder={folder}
          setting={draft.pgpSend[folder]}
          keys={known}
          onChange={(setting) => update({ pgpSend: withEntry(draft.pgpSend, folder, setting) })}
        />
      ))}
      {pgpMailboxes(draft, 'receive').map((folder) => (
        <ProfilePgpReceive
          key={`receive-${folder}`}
          folder={folder}
          setting={draft.pgpReceive[folder]}
          hasOwnKey={keys === undefined || keys.some((key) => key.hasSecret)}
          onChange={(setting) =>
            update({ pgpReceive: withEntry(draft.pgpReceive, folder, setting) })
          }
        />
      ))}
    </FoldedSection>
  )
}
