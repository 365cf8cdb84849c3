import type { ConnectConfig } from 'ssh2'
import type { LoadedPrivateKey } from '../keys/load-private-key'

/**
 * How a session logs in, as plain data handed to it: a key Mailroom holds today. Another way
 * (a password, keyboard-interactive, an agent) is another variant here and its case in
 * `loginOptions`, not a branch in the session manager.
 */
export type Credentials = { readonly kind: 'key'; readonly privateKey: LoadedPrivateKey }

/** ssh2's login options for `credentials`. */
export function loginOptions(
  credentials: Credentials,
): Pick<ConnectConfig, 'privateKey' | 'passphrase'> {
  switch (credentials.kind) {
    case 'key': {
      const { data, passphrase } = credentials.privateKey
      return passphrase === undefined ? { privateKey: data } : { privateKey: data, passphrase }
    }
  }
}
