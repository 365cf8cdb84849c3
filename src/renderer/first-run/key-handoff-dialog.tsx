import { useState } from 'react'
import type { KeyInfo, Profile } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'
import type { Preset } from '../../shared/presets'
import { publicKeyMailto } from '../../shared/public-key-mail'
import type { MailroomClient } from '../api/client'
import { ModalDialog } from '../common/modal-dialog'
import { ExportKeyDialog } from '../keys/export-key-dialog'
import { PublicKeyActions } from '../keys/public-key-actions'

interface KeyHandoffDialogProps {
  readonly client: MailroomClient
  readonly canBrowse: boolean
  readonly profile: Profile
  /** The profile's key, once the keychain's list has it. */
  readonly keyInfo: KeyInfo | undefined
  readonly preset: Preset
  /** Why the last login failed; a refused key is said in the gateway's words. */
  readonly failure: ApiError | undefined
  /** A login of this profile is under way. */
  readonly connecting: boolean
  readonly onConnect: () => void
  readonly onClose: () => void
}

/**
 * The public-key handoff, as a step and not a hidden field: what to do with a key made just now,
 * in the gateway's own words, with Copy, Save… and Email…, and Connect for when the provider has
 * registered it. Mailroom does not try a login before then: it cannot work yet. A login refused
 * meanwhile says that the key is not registered yet, with Try again.
 */
export function KeyHandoffDialog({
  client,
  canBrowse,
  profile,
  keyInfo,
  preset,
  failure,
  connecting,
  onConnect,
  onClose,
}: KeyHandoffDialogProps) {
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<string>()
  const refused = failure?.kind === 'auth-failed'
  const mail = keyInfo && mailFor(profile, keyInfo)
  return (
    <ModalDialog title="Hand over your public key" onCancel={onClose}>
      <div className="form key-handoff">
        {failure && (
          <p role="alert" className="handoff-failure">
            {refused ? preset.keyNotRegistered : failure.message}
          </p>
        )}
        <p className="handoff-step">{preset.keyHandoff}</p>
        {keyInfo ? (
          <>
            <label htmlFor="handoff-public-key" className="small-label">
              Public key of {profile.name}
            </label>
            <textarea
              id="handoff-public-key"
              className="public-key"
              readOnly
              rows={3}
              value={keyInfo.publicKey}
              onFocus={(event) => event.target.select()}
            />
            <p className="field-hint">
              Fingerprint <code className="fingerprint">{keyInfo.fingerprint}</code>
            </p>
            <PublicKeyActions publicKey={keyInfo.publicKey} onSavePublic={() => setSaving(true)}>
              {mail && (
                <a className="button-link" href={mail}>
                  Email public key…
                </a>
              )}
            </PublicKeyActions>
            {saved && <p className="field-hint">{saved}</p>}
          </>
        ) : (
          <p className="field-hint">Reading the key…</p>
        )}
        <p className="field-hint">
          {refused
            ? `Once it is registered, try again: the user name is ${profile.username}.`
            : 'Once it is registered, connect. Until then a login would be refused.'}
        </p>
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Later
          </button>
          <button type="button" className="primary" disabled={connecting} onClick={onConnect}>
            {connecting ? 'Connecting…' : failure ? 'Try again' : 'Connect'}
          </button>
        </div>
      </div>
      {saving && keyInfo && (
        <ExportKeyDialog
          client={client}
          keyInfo={keyInfo}
          what="public"
          canBrowse={canBrowse}
          onDone={(text) => {
            setSaved(text)
            setSaving(false)
          }}
          onCancel={() => setSaving(false)}
        />
      )}
    </ModalDialog>
  )
}

/** The mail with the key in it, or none for a key line a mail link does not take. */
function mailFor(profile: Profile, keyInfo: KeyInfo): string | undefined {
  try {
    return publicKeyMailto(`SFTP public key for ${profile.username}`, keyInfo.publicKey)
  } catch {
    return undefined
  }
}
