import { useEffect, useState } from 'react'
import type { Profile } from '../../shared/domain'
import type { MailroomClient } from '../api/client'

/** Which of a profile's passwords the keychain holds (never the passwords themselves). */
export interface StoredSecrets {
  readonly password: boolean
  readonly proxyPassword: boolean
}

const NONE: StoredSecrets = { password: false, proxyPassword: false }

/**
 * Whether the profile being edited has a password and a proxy password in the keychain, so the
 * dialog can say "type a new one to replace it" rather than showing an empty field as if none
 * were kept. A new profile has none; a keychain that cannot be asked counts as none.
 */
export function useStoredSecrets(client: MailroomClient, profile: Profile | undefined) {
  const [stored, setStored] = useState<StoredSecrets>(NONE)
  useEffect(() => {
    if (!profile) return
    let current = true
    void Promise.all([
      client.call('profiles:password-stored', { id: profile.id }),
      client.call('profiles:stored-secrets', { id: profile.id }),
    ])
      .then(([password, secrets]) => {
        if (current) setStored({ password, proxyPassword: secrets.proxyPassword })
      })
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [client, profile])
  return stored
}
