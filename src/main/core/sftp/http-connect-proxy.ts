import type { Socket } from 'node:net'
import type { MailroomError } from '../errors'
import { ProxyReader } from './proxy-reader'
import { capitalise, proxyFailure, proxyLabel, type ProxyServer } from './proxy-server'

// An answer's status line and headers; a proxy that sends more before the blank line is not one.
const MOST_ANSWER_BYTES = 16 * 1024
// Ways of logging in to a proxy that come from Windows sign-in, which Mailroom cannot give.
const WINDOWS_SIGN_IN = /^(ntlm|negotiate|kerberos)$/i

/** What an HTTP proxy answered to CONNECT: its status, and the ways to log in it offers. */
export interface ConnectAnswer {
  readonly status: number
  readonly statusLine: string
  /** The schemes of its Proxy-Authenticate headers (Basic, NTLM, Negotiate, Digest…). */
  readonly loginSchemes: readonly string[]
}

/**
 * Asks an HTTP proxy, over `socket` (connected to it), to open a tunnel to `target` with
 * CONNECT (RFC 9110 section 9.3.6), with a Basic login (RFC 7617) where the profile has one.
 * The proxy resolves the target's name. Resolves once the tunnel is open; what the server sent
 * already stays in the socket for ssh2.
 */
export async function throughHttpProxy(
  socket: Socket,
  proxy: ProxyServer,
  target: { readonly host: string; readonly port: number },
): Promise<void> {
  const label = proxyLabel('http', proxy)
  const fail = (kind: MailroomError['kind'], message: string, answer?: string) =>
    proxyFailure(kind, 'http', proxy, message, answer)
  const reader = new ProxyReader(socket, (error) =>
    fail(
      'connection-failed',
      `${capitalise(label)} closed the connection before answering${error ? ` (${error.message})` : ''}. Check that it is an HTTP proxy.`,
    ),
  )
  try {
    const authority = `${target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]` : target.host}:${target.port}`
    const login = proxy.login
      ? `Proxy-Authorization: Basic ${Buffer.from(`${proxy.login.username}:${proxy.login.password}`).toString('base64')}\r\n`
      : ''
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${login}\r\n`)
    const answer = parseConnectAnswer(
      (
        await reader.readThrough('\r\n\r\n', MOST_ANSWER_BYTES, () =>
          fail(
            'connection-failed',
            `${capitalise(label)} sent an answer longer than any HTTP proxy's. Check that it is an HTTP proxy.`,
          ),
        )
      ).toString('latin1'),
    )
    if (answer.status >= 200 && answer.status < 300) {
      reader.finish()
      return
    }
    throw refusal(answer, proxy, target, fail)
  } catch (error) {
    reader.detach()
    throw error
  }
}

/** The status and login schemes of a proxy's answer (its status line and headers). */
export function parseConnectAnswer(head: string): ConnectAnswer {
  const [statusLine = '', ...headers] = head.split('\r\n')
  const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine)?.[1] ?? NaN)
  const loginSchemes = headers
    .filter((line) => /^proxy-authenticate\s*:/i.test(line))
    .map(
      (line) =>
        line
          .slice(line.indexOf(':') + 1)
          .trim()
          .split(/\s+/)[0] ?? '',
    )
    .filter((scheme) => scheme !== '')
  return { status, statusLine: statusLine.trim(), loginSchemes }
}

/** Why the proxy did not open the tunnel, and what to do, in the person's words. */
function refusal(
  answer: ConnectAnswer,
  proxy: ProxyServer,
  target: { readonly host: string; readonly port: number },
  fail: (kind: MailroomError['kind'], message: string, answer?: string) => MailroomError,
): MailroomError {
  const label = capitalise(proxyLabel('http', proxy))
  const said = answer.statusLine || 'nothing an HTTP proxy would say'
  if (Number.isNaN(answer.status))
    return fail(
      'connection-failed',
      `${label} did not answer as an HTTP proxy ("${said}"). Check the proxy's kind and port.`,
      said,
    )
  // Some proxies (tinyproxy) answer a refused login with 401 rather than 407 again.
  if (answer.status === 401 && proxy.login)
    return fail(
      'auth-failed',
      `${label} refused the user name "${proxy.login.username}" and its password ("${said}"). Check them in the profile.`,
      said,
    )
  if (answer.status === 407 || answer.status === 401) {
    const basic = answer.loginSchemes.some((scheme) => /^basic$/i.test(scheme))
    const windows = answer.loginSchemes.filter((scheme) => WINDOWS_SIGN_IN.test(scheme))
    if (basic && proxy.login)
      return fail(
        'auth-failed',
        `${label} refused the user name "${proxy.login.username}" and its password ("${said}"). Check them in the profile.`,
        said,
      )
    if (basic)
      return fail(
        'auth-failed',
        `${label} wants a login ("${said}"). Enter the proxy's user name and password in the profile.`,
        said,
      )
    const wants =
      windows.length > 0
        ? `Windows sign-in (${windows.join(', ')})`
        : answer.loginSchemes.length > 0
          ? `a login Mailroom cannot give (${answer.loginSchemes.join(', ')})`
          : 'a login, without saying which kind'
    return fail(
      'not-supported',
      `${label} wants ${wants} ("${said}"), which Mailroom cannot do. Ask IT for a user name and password for the proxy ("Basic" login), or a SOCKS5 proxy, or to let SSH to ${target.host} port ${target.port} through.`,
      said,
    )
  }
  if (answer.status === 403 || answer.status === 405)
    return fail(
      'connection-failed',
      `${label} does not let connections to ${target.host} port ${target.port} through ("${said}"). Ask IT to allow SSH to that host and port through the proxy.`,
      said,
    )
  if (answer.status >= 500)
    return fail(
      'connection-failed',
      `${label} could not connect to ${target.host} port ${target.port} ("${said}"). Check the server's host and port; if they are right, the server may be down.`,
      said,
    )
  return fail(
    'connection-failed',
    `${label} would not open a tunnel to ${target.host} port ${target.port} ("${said}").`,
    said,
  )
}
