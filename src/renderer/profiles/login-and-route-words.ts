import type {
  AuthMethod,
  JumpHost,
  ProfileAuth,
  ProxySetting,
} from '../../shared/connection-settings'

/** Each way of logging in as the Authentication section offers it. */
export const AUTH_METHOD_LABELS: Readonly<Record<AuthMethod, string>> = {
  key: 'Key',
  password: 'Password',
  'keyboard-interactive': "The server's questions (a password, a one-time code)",
  agent: 'SSH agent or Pageant',
  'key-and-password': 'Key, then password (servers that require both)',
}

/** Whether the way of logging in takes a password the person may keep in the keychain. */
export function takesPassword(
  auth: ProfileAuth,
): auth is Extract<ProfileAuth, { remember: boolean }> {
  return 'remember' in auth
}

/**
 * "Logs in with its key": the folded Authentication section's one line, so the person sees the
 * choice without unfolding it.
 */
export function authSummary(auth: ProfileAuth): string {
  switch (auth.method) {
    case 'key':
      return 'Logs in with its key'
    case 'password':
      return `Logs in with a password, ${auth.remember ? 'kept in the keychain' : 'asked at every connect'}`
    case 'keyboard-interactive':
      return `Answers the server's questions${auth.remember ? ', the password from the keychain' : ''}`
    case 'agent':
      return auth.keyFingerprint
        ? `Logs in with the SSH agent's key ${auth.keyFingerprint}`
        : "Logs in with the SSH agent's keys"
    case 'key-and-password':
      return `Logs in with its key, then a password ${auth.remember ? 'kept in the keychain' : 'asked at every connect'}`
  }
}

/** "Straight to the server" or the proxy and jump hosts in the order the connection takes them. */
export function connectionSummary(proxy: ProxySetting, jumps: readonly JumpHost[]): string {
  const proxyWords =
    proxy.kind === 'none'
      ? undefined
      : proxy.kind === 'system'
        ? "the system's proxy"
        : `${proxy.kind === 'socks5' ? 'SOCKS5' : 'HTTP'} proxy ${proxy.host ? `${proxy.host}:${proxy.port}` : '(its host still to be given)'}`
  const parts = [
    ...(proxyWords ? [proxyWords] : []),
    ...(jumps.length === 1
      ? ['a jump host']
      : jumps.length > 1
        ? [`${jumps.length} jump hosts`]
        : []),
  ]
  return parts.length === 0 ? 'Straight to the server' : `Through ${parts.join(', then ')}`
}
