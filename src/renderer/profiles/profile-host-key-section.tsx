import { useEffect, useState } from 'react'
import type { Profile } from '../../shared/domain'
import type { MailroomClient } from '../api/client'
import { formatTime } from '../common/format'

interface TrustedHostKey {
  readonly type: string
  readonly fingerprint: string
  readonly trustedAt: number
}

/**
 * The Profile dialog's "Host key": the server key trusted for this profile and since when, and
 * "Forget trusted host key", the deliberate step that lets a changed key be checked and trusted.
 */
export function ProfileHostKeySection({
  client,
  profile,
  onForgotten,
}: {
  readonly client: MailroomClient
  readonly profile: Profile
  /** Says what forgetting did, in the dialog's status line. */
  readonly onForgotten: (message: string) => void
}) {
  // Undefined while asking; null when none is trusted (or it could not be read).
  const [trusted, setTrusted] = useState<TrustedHostKey | null>()

  useEffect(() => {
    void client
      .call('profiles:trusted-host-key', { id: profile.id })
      .then(setTrusted, () => setTrusted(null))
  }, [client, profile])

  return (
    <fieldset className="host-key-section">
      <legend>Host key</legend>
      {trusted ? (
        <div className="field-row spread">
          <span>
            Trusted {trusted.type} <code className="fingerprint">{trusted.fingerprint}</code>
            <span className="muted"> since {formatTime(trusted.trustedAt)}</span>
          </span>
          <button
            type="button"
            onClick={() =>
              void client.call('profiles:forget-host-key', { id: profile.id }).then(() => {
                setTrusted(null)
                onForgotten(
                  'The trusted host key was forgotten: the next connection shows the server’s key to check and trust.',
                )
              })
            }
          >
            Forget trusted host key
          </button>
        </div>
      ) : (
        <p className="field-hint">
          No host key trusted yet: the next connection shows the server’s key to check.
        </p>
      )}
    </fieldset>
  )
}
