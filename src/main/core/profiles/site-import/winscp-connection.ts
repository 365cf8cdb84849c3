import type { ProfileAuth, ProxySetting } from '../../../../shared/connection-settings'
import type { SiteJump } from '../../../../shared/domain'
import { connectionFields, type SiteConnection } from './site-candidate'

// WinSCP's ProxyMethod values (TProxyMethod in its core/SessionData.h): none, SOCKS4, SOCKS5,
// HTTP, Telnet, a local command; some versions add the system's settings.
const PROXY_SOCKS4 = '1'
const PROXY_SOCKS5 = '2'
const PROXY_HTTP = '3'
const PROXY_TELNET = '4'
const PROXY_LOCAL = '5'
const PROXY_SYSTEM = '6'
// WinSCP's defaults for a value it did not write (it writes only what differs from them).
const DEFAULT_PROXY_HOST = 'proxy'
const DEFAULT_PROXY_PORT = 80

/**
 * How a WinSCP session logs in and gets through, from its values (the Authentication, Proxy and
 * Tunnel pages of its site dialog): its key file or else a password (asked at every connect,
 * or kept in the keychain where WinSCP kept it, though WinSCP's stored passwords are never
 * imported); a SOCKS5 or HTTP proxy; its SSH tunnel as a jump host, with the tunnel's own key
 * file. What Mailroom cannot do (SOCKS4, Telnet and local-command proxies, TIS, GSSAPI, no
 * authentication) is named, not dropped.
 */
export function winScpConnection(
  values: ReadonlyMap<string, string>,
  unmunge: (value: string) => string,
  username: string,
): SiteConnection {
  const text = (name: string) => unmunge(values.get(name) ?? '')
  const unsupported: string[] = []
  const notes: string[] = []

  const keyFile = text('PublicKeyFile')
  const keptPassword = values.has('Password') || values.has('PasswordPlain')
  const auth: ProfileAuth = keyFile
    ? { method: 'key' }
    : { method: 'password', remember: keptPassword }
  if (!keyFile && keptPassword)
    notes.push(
      'WinSCP kept a password for this site; stored passwords are not imported: enter it in the profile.',
    )
  if (values.get('SshNoUserAuth') === '1')
    unsupported.push(
      'WinSCP bypasses authentication for this site ("none"), which Mailroom does not do.',
    )
  if (values.get('AuthTIS') === '1')
    unsupported.push('TIS or CryptoCard authentication, which Mailroom does not do.')
  if (values.get('AuthGSSAPI') === '1')
    unsupported.push('GSSAPI (Kerberos) authentication, which Mailroom does not do.')

  const method = values.get('ProxyMethod') ?? '0'
  const proxyHost = text('ProxyHost') || DEFAULT_PROXY_HOST
  const proxyPort = Number(values.get('ProxyPort') ?? DEFAULT_PROXY_PORT) || DEFAULT_PROXY_PORT
  const proxyUser = text('ProxyUsername')
  let proxy: ProxySetting | undefined
  if (method === PROXY_SOCKS5 || method === PROXY_HTTP) {
    proxy = {
      kind: method === PROXY_SOCKS5 ? 'socks5' : 'http',
      host: proxyHost,
      port: proxyPort,
      ...(proxyUser ? { username: proxyUser } : {}),
    }
    if (values.has('ProxyPassword') || values.has('ProxyPasswordEnc'))
      notes.push(
        "WinSCP kept the proxy's password; stored passwords are not imported: enter it in the profile.",
      )
  } else if (method === PROXY_SYSTEM) proxy = { kind: 'system' }
  else if (method === PROXY_SOCKS4)
    unsupported.push(
      `WinSCP's SOCKS4 proxy ${proxyHost} port ${proxyPort}: Mailroom goes through SOCKS5 and HTTP proxies only, so the site is imported without it.`,
    )
  else if (method === PROXY_TELNET)
    unsupported.push(
      `WinSCP's Telnet proxy ${proxyHost} port ${proxyPort}, which Mailroom cannot use: the site is imported without it.`,
    )
  else if (method === PROXY_LOCAL)
    unsupported.push(
      `WinSCP's local proxy command${text('ProxyLocalCommand') ? ` "${text('ProxyLocalCommand')}"` : ''}, which Mailroom cannot run: the site is imported without it.`,
    )

  const jumps: SiteJump[] = []
  if (values.get('Tunnel') === '1') {
    const host = text('TunnelHostName')
    if (host) {
      jumps.push({
        host,
        port: Number(values.get('TunnelPortNumber') ?? 22) || 22,
        username: text('TunnelUserName') || username,
        keyPath: text('TunnelPublicKeyFile') || null,
      })
      if (values.has('TunnelPassword') || values.has('TunnelPasswordPlain'))
        notes.push(
          "WinSCP kept the tunnel's password, which is not imported: the jump host logs in with the tunnel's key file, or else as the site does.",
        )
    } else unsupported.push('An SSH tunnel with no host name, which is left out.')
  }
  return connectionFields({ auth, proxy, jumps, unsupported, notes })
}
