import type { ProfileAuth } from '../../shared/connection-settings'
import type { Preset } from '../../shared/presets'
import { FoldedSection } from '../common/folded-section'
import { RadioChoices } from '../common/radio-choices'
import { AUTH_METHOD_LABELS, authSummary, takesPassword } from './login-and-route-words'
import type { DraftForm } from './profile-field'
import { SecretField } from '../common/secret-field'

/** A way of logging in chosen: what it keeps of the one before (remembering the password). */
function authFor(method: ProfileAuth['method'], before: ProfileAuth): ProfileAuth {
  const remember = takesPassword(before) ? before.remember : true
  switch (method) {
    case 'key':
      return { method }
    case 'agent':
      return { method }
    case 'password':
    case 'keyboard-interactive':
    case 'key-and-password':
      return { method, remember }
  }
}

/**
 * The Profile dialog's "Authentication", folded: how the profile logs in (only the ways its
 * gateway takes), and for a password whether the keychain keeps it or it is asked at every
 * connect. The password typed here is stored on save, never in the settings file.
 */
export function ProfileAuthSection({
  form,
  preset,
  passwordStored,
}: {
  readonly form: DraftForm
  readonly preset: Preset
  /** The keychain holds a password for the profile being edited. */
  readonly passwordStored: boolean
}) {
  const { draft, update, touched, errors } = form
  const { auth } = draft
  const error = touched.has('auth') ? errors.auth : undefined
  return (
    <FoldedSection title="Authentication" summary={authSummary(auth)} mustOpen={!!error}>
      <RadioChoices
        legend="Log in with"
        name="auth-method"
        choices={preset.authMethods.map((method) => ({
          value: method,
          label: AUTH_METHOD_LABELS[method],
        }))}
        value={auth.method}
        onChange={(method) => update({ auth: authFor(method, auth) })}
      />
      {preset.authMethods.length === 1 && (
        <p className="field-hint">{preset.label} takes a key only.</p>
      )}
      {takesPassword(auth) && (
        <>
          <RadioChoices
            legend="The password"
            name="auth-remember"
            choices={[
              { value: 'remember', label: 'Remember the password in the keychain' },
              { value: 'ask', label: 'Ask at every connect' },
            ]}
            value={auth.remember ? 'remember' : 'ask'}
            onChange={(choice) => update({ auth: { ...auth, remember: choice === 'remember' } })}
          />
          {auth.remember && (
            <SecretField
              id="profile-password"
              label="Password"
              value={draft.password}
              onChange={(password) => update({ password })}
              note={
                <>
                  {passwordStored
                    ? 'The keychain holds this profile’s password: type a new one to replace it, or leave this empty.'
                    : 'Kept in the system keychain, never in Mailroom’s settings. Empty: asked at the next connect, then kept.'}
                  {auth.method === 'keyboard-interactive' &&
                    ' It answers the server’s password question; other questions, such as a one-time code, are asked as you connect.'}
                </>
              }
            />
          )}
        </>
      )}
      {auth.method === 'agent' && (
        <div className="field">
          <label htmlFor="profile-agent-key">Agent key fingerprint (optional)</label>
          <input
            id="profile-agent-key"
            value={auth.keyFingerprint ?? ''}
            autoComplete="off"
            spellCheck={false}
            placeholder="SHA256:…"
            aria-invalid={error ? true : undefined}
            aria-describedby="profile-agent-key-note"
            onChange={(event) => {
              const typed = event.target.value.trim()
              update({
                auth: typed ? { method: 'agent', keyFingerprint: typed } : { method: 'agent' },
              })
            }}
          />
          <p id="profile-agent-key-note" className={error ? 'field-error' : 'field-hint'}>
            {error ??
              'Empty: the agent’s keys are tried in turn. The agent is SSH_AUTH_SOCK’s on macOS and Linux, Pageant or the OpenSSH agent on Windows.'}
          </p>
        </div>
      )}
    </FoldedSection>
  )
}
