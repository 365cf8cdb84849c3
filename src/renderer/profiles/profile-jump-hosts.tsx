import { MOST_JUMPS, type JumpHost } from '../../shared/connection-settings'
import type { KeyInfo } from '../../shared/domain'
import type { DraftForm } from './profile-field'

/** A port as typed: '' while empty (0 is no port), so the field can be cleared and retyped. */
export const portText = (port: number) => (port === 0 || Number.isNaN(port) ? '' : String(port))

/**
 * The chain of jump hosts the connection is forwarded through, in order (up to MOST_JUMPS):
 * each its host, port and user, and whether it logs in with the profile's own login or a stored
 * key of its own. Its key is asked about and trusted like the server's at the first connect.
 */
export function ProfileJumpHosts({
  form,
  keys,
}: {
  readonly form: DraftForm
  readonly keys: readonly KeyInfo[]
}) {
  const { draft, update, touched, errors } = form
  const { jumps } = draft
  const error = touched.has('jumps') ? errors.jumps : undefined
  const change = (index: number, change: Partial<JumpHost>) =>
    update({ jumps: jumps.map((jump, at) => (at === index ? { ...jump, ...change } : jump)) })
  return (
    <div className="jump-hosts">
      {jumps.map((jump, index) => {
        const id = `profile-jump-${index}`
        const name = `Jump host ${index + 1}`
        return (
          <fieldset key={index} className="jump-host">
            <legend>{name}</legend>
            <div className="field-grid">
              <div className="field">
                <label htmlFor={`${id}-host`}>
                  <span className="visually-hidden">{name}: </span>
                  Host
                </label>
                <input
                  id={`${id}-host`}
                  value={jump.host}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => change(index, { host: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-port`}>
                  <span className="visually-hidden">{name}: </span>
                  Port
                </label>
                <input
                  id={`${id}-port`}
                  value={portText(jump.port)}
                  inputMode="numeric"
                  autoComplete="off"
                  onChange={(event) => change(index, { port: Number(event.target.value) })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-user`}>
                  <span className="visually-hidden">{name}: </span>
                  User name
                </label>
                <input
                  id={`${id}-user`}
                  value={jump.username}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => change(index, { username: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-login`}>
                  <span className="visually-hidden">{name}: </span>
                  Log in with
                </label>
                <select
                  id={`${id}-login`}
                  value={jump.keyId ?? ''}
                  onChange={(event) => change(index, { keyId: event.target.value || null })}
                >
                  <option value="">The profile’s own login</option>
                  {keys.map((key) => (
                    <option key={key.id} value={key.id}>
                      Key {key.comment || key.type} · {key.fingerprint.slice(0, 19)}…
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <button
              type="button"
              onClick={() => update({ jumps: jumps.filter((_, at) => at !== index) })}
            >
              Remove jump host {index + 1}
            </button>
          </fieldset>
        )
      })}
      {error && <p className="field-error">{error}</p>}
      <button
        type="button"
        disabled={jumps.length >= MOST_JUMPS}
        onClick={() =>
          update({
            jumps: [...jumps, { host: '', port: 22, username: draft.username, keyId: null }],
          })
        }
      >
        Add jump host
      </button>
      <p className="field-hint">
        {jumps.length >= MOST_JUMPS
          ? `Chains of up to ${MOST_JUMPS} jump hosts.`
          : 'A bastion host the connection is forwarded through (like OpenSSH’s ProxyJump); its key is checked at the first connect, like the server’s.'}
      </p>
    </div>
  )
}
