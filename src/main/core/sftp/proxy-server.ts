import type { ErrorKind } from '../../../shared/errors'
import { MailroomError } from '../errors'
import { connectSshSocket, type SshSocket } from './ssh-socket'

/** A proxy the connection goes through, with its login where it takes one. */
export interface ProxyServer {
  readonly host: string
  readonly port: number
  /** SOCKS5's user name and password (RFC 1929), HTTP's Basic login. */
  readonly login?: { readonly username: string; readonly password: string }
}

/** The two kinds of proxy Mailroom speaks to. */
export type ProxyKind = 'socks5' | 'http'

const KIND_NAMES: Record<ProxyKind, string> = { socks5: 'SOCKS5 proxy', http: 'HTTP proxy' }

/** "the SOCKS5 proxy proxy.example.com port 1080", for messages. */
export function proxyLabel(kind: ProxyKind, proxy: Pick<ProxyServer, 'host' | 'port'>): string {
  return `the ${KIND_NAMES[kind]} ${proxy.host} port ${proxy.port}`
}

/**
 * A failure to get through a proxy, naming it and what it answered, so the person (or IT) can
 * tell the proxy from the server. `answer` is the proxy's own words where it gave any.
 */
export function proxyFailure(
  kind: ErrorKind,
  proxyKind: ProxyKind,
  proxy: Pick<ProxyServer, 'host' | 'port'>,
  message: string,
  answer?: string,
): MailroomError {
  return new MailroomError(kind, message, {
    route: 'proxy',
    proxyKind,
    proxyHost: proxy.host,
    proxyPort: String(proxy.port),
    ...(answer !== undefined ? { proxyAnswer: answer } : {}),
  })
}

/**
 * Opens the TCP connection to the proxy (tuned as any SSH socket: ssh-socket.ts) and resolves
 * once it is connected; a proxy that is down or unreachable fails naming the proxy.
 */
export async function connectToProxy(
  proxyKind: ProxyKind,
  proxy: ProxyServer,
  signal: AbortSignal,
): Promise<SshSocket> {
  const opened = connectSshSocket(proxy.host, proxy.port)
  const { socket } = opened
  const label = proxyLabel(proxyKind, proxy)
  await new Promise<void>((resolve, reject) => {
    const abort = () => {
      socket.destroy()
      reject(signal.reason)
    }
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    socket.once('connect', () => {
      signal.removeEventListener('abort', abort)
      socket.removeListener('error', failed)
      resolve()
    })
    const failed = (error: Error & { code?: string }) => {
      signal.removeEventListener('abort', abort)
      socket.destroy()
      const because =
        error.code === 'ECONNREFUSED'
          ? 'refused the connection: is it running? Check its host and port, or ask IT.'
          : error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'
            ? 'could not be found: check its host name.'
            : `could not be reached: ${error.message}.`
      reject(
        proxyFailure(
          'connection-failed',
          proxyKind,
          proxy,
          `${capitalise(label)} ${because}`,
          error.code,
        ),
      )
    }
    socket.once('error', failed)
  })
  // Until the session is open, giving up (the time limit ran out) ends the connection too.
  signal.addEventListener('abort', () => socket.destroy(), { once: true })
  return opened
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
