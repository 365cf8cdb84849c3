import { useCallback, useEffect, useState } from 'react'
import type { PgpKeyInfo } from '../../shared/pgp'
import { asApiError, type MailroomClient } from '../api/client'

/**
 * The OpenPGP keyring as the dialogs show it, read when they open and again after a change:
 * it is small, and read nowhere else in the window.
 */
export function usePgpKeys(client: MailroomClient) {
  const [keys, setKeys] = useState<readonly PgpKeyInfo[]>()
  const [error, setError] = useState<string>()
  const refresh = useCallback(
    () =>
      client.call('pgp:keys', {}).then(
        (listed) => {
          setKeys(listed)
          setError(undefined)
        },
        (failure: unknown) => setError(asApiError(failure).message),
      ),
    [client],
  )
  useEffect(() => {
    void refresh()
  }, [refresh])
  return { keys, error, refresh }
}
