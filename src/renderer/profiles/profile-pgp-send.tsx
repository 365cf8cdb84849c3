import { useId } from 'react'
import type { PgpFingerprint, PgpKeyInfo, PgpSendSetting } from '../../shared/pgp'
import { RadioChoices } from '../common/radio-choices'
import { canEncryptTo, canSignWith, keyChoiceLabel } from '../pgp/pgp-key-words'
import { mailboxWords, newSendSetting, recipientLabel } from './pgp-mailbox-settings'

/**
 * One send mailbox's OpenPGP choice: encrypt what is sent there or not, to which keys, signed
 * with which own key, binary (.pgp) or armored (.asc).
 */
export function ProfilePgpSend({
  folder,
  setting,
  keys,
  onChange,
}: {
  readonly folder: string
  readonly setting: PgpSendSetting | undefined
  readonly keys: readonly PgpKeyInfo[]
  readonly onChange: (setting: PgpSendSetting | undefined) => void
}) {
  const id = useId()
  const now = Date.now()
  const words = mailboxWords(folder, 'send')
  // Keys already chosen stay offered even when no longer usable, so they can be unticked.
  const recipients = keys.filter(
    (key) => canEncryptTo(key) || setting?.encryptTo.includes(key.fingerprint),
  )
  const signers = keys.filter(canSignWith)
  const toggleRecipient = (current: PgpSendSetting, fingerprint: PgpFingerprint, on: boolean) =>
    onChange({
      ...current,
      encryptTo: on
        ? [...current.encryptTo, fingerprint]
        : current.encryptTo.filter((chosen) => chosen !== fingerprint),
    })
  return (
    <div className="pgp-mailbox" role="group" aria-label={`Send mailbox ${words}`}>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={setting !== undefined}
          onChange={(event) => onChange(event.target.checked ? newSendSetting(keys) : undefined)}
        />
        Encrypt files sent to {words}
      </label>
      {setting && (
        <div className="pgp-mailbox-options">
          <fieldset className="pgp-recipients" aria-describedby={`${id}-note`}>
            <legend>Encrypt to</legend>
            {recipients.map((key) => (
              <label key={key.fingerprint} className="checkbox">
                <input
                  type="checkbox"
                  checked={setting.encryptTo.includes(key.fingerprint)}
                  onChange={(event) =>
                    toggleRecipient(setting, key.fingerprint, event.target.checked)
                  }
                />
                {recipientLabel(key, now)}
              </label>
            ))}
          </fieldset>
          <p
            id={`${id}-note`}
            className={setting.encryptTo.length === 0 ? 'field-error' : 'field-hint'}
          >
            {recipients.length === 0
              ? "No key to encrypt to: import the partner's public key in OpenPGP keys."
              : setting.encryptTo.length === 0
                ? 'Choose the key to encrypt to'
                : 'Files gain .pgp (or .asc) on the server; the originals are not changed.'}
          </p>
          <div className="field">
            <label htmlFor={`${id}-sign`}>Sign with</label>
            <select
              id={`${id}-sign`}
              value={setting.sign ? (setting.signWith ?? '') : 'none'}
              onChange={(event) => {
                const chosen = signers.find((key) => key.fingerprint === event.target.value)
                const { signWith: _dropped, ...rest } = setting
                onChange(
                  chosen
                    ? { ...rest, sign: true, signWith: chosen.fingerprint }
                    : { ...rest, sign: false },
                )
              }}
            >
              <option value="none">Do not sign</option>
              {setting.sign && setting.signWith === undefined && (
                <option value="">Your own key</option>
              )}
              {signers.map((key) => (
                <option key={key.fingerprint} value={key.fingerprint}>
                  {keyChoiceLabel(key)}
                </option>
              ))}
            </select>
          </div>
          <RadioChoices
            legend="Format"
            name={`${id}-format`}
            choices={[
              { value: 'binary', label: 'Binary (.pgp)' },
              { value: 'armored', label: 'Armored text (.asc)' },
            ]}
            value={setting.armored ? 'armored' : 'binary'}
            onChange={(format) => onChange({ ...setting, armored: format === 'armored' })}
          />
        </div>
      )}
    </div>
  )
}
