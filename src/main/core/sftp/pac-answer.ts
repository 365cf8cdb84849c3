import { MailroomError } from '../errors'
import type { ProxyKind } from './proxy-server'

/** Where the system's proxy settings send a connection: straight, or through one proxy. */
export type SystemProxyChoice =
  | { readonly kind: 'direct' }
  | { readonly kind: ProxyKind; readonly host: string; readonly port: number }

/**
 * Reads the answer of the system's proxy settings for one host, in the form PAC files and
 * Chromium's `resolveProxy` give it: entries separated by ";", tried in order, such as
 * `PROXY proxy.corp:8080; DIRECT`. Mailroom goes by the first entry: `DIRECT` is straight,
 * `PROXY` (and `HTTP`) an HTTP proxy it tunnels through with CONNECT, `SOCKS` and `SOCKS5` a
 * SOCKS proxy (Mailroom speaks SOCKS5, which SOCKS servers answer alongside SOCKS4). An entry it
 * cannot use (`HTTPS`, `QUIC`, anything else) fails with what the settings ask for and what to
 * ask IT for, rather than quietly going straight.
 */
export function readPacAnswer(
  answer: string,
  target: { readonly host: string; readonly port: number },
): SystemProxyChoice {
  const first = answer
    .split(';')
    .map((entry) => entry.trim())
    .find((entry) => entry !== '')
  if (first === undefined || /^direct$/i.test(first)) return { kind: 'direct' }
  const [scheme = '', server = ''] = first.split(/\s+/)
  const where = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(server)
  const endpoint = where
    ? { host: (where[1] ?? '').replace(/^\[(.*)\]$/, '$1'), port: Number(where[2]) }
    : undefined
  const named = scheme.toUpperCase()
  if ((named === 'PROXY' || named === 'HTTP') && endpoint) return { kind: 'http', ...endpoint }
  if ((named === 'SOCKS' || named === 'SOCKS5' || named === 'SOCKS4') && endpoint)
    return { kind: 'socks5', ...endpoint }
  const what =
    named === 'HTTPS'
      ? `an HTTPS proxy (${server}), one reached over TLS`
      : named === 'QUIC'
        ? `a QUIC proxy (${server})`
        : `"${first}"`
  throw new MailroomError(
    'not-supported',
    `The system's proxy settings send connections to ${target.host} port ${target.port} through ${what}, which Mailroom cannot use. Ask IT for an HTTP proxy (one that takes CONNECT) or a SOCKS5 proxy for SSH, and set it in the profile; or to let SSH to ${target.host} port ${target.port} through directly.`,
    { route: 'system-proxy', proxyAnswer: answer },
  )
}
