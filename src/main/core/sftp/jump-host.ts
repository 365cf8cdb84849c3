import ssh2, { type ClientChannel } from 'ssh2'
import type { HostKeyInfo } from '../../../shared/domain'
import { MailroomError, translateConnectError } from '../errors'
import { loginOptions, type Credentials } from './credentials'
import { keepGcmKeysAsKeyObjects } from './gcm-key-objects'
import { LoginRecord } from './login-record'
import { describeHostKey, settleHostKeyCheck } from './host-key'
import type { RouteContext, RouteSocket } from './route-socket'

/** A host the connection is forwarded through (OpenSSH's ProxyJump), with its own login. */
export interface JumpHop {
  readonly host: string
  readonly port: number
  readonly username: string
  readonly credentials: Credentials
}

// RFC 4254 section 5.1: why a server would not open a channel.
const ADMINISTRATIVELY_PROHIBITED = 1
const CONNECT_FAILED = 2

/**
 * Logs in to the jump host over `carrier` (its host key decided on first, as the server's is)
 * and asks it to forward a connection to `target` (a `direct-tcpip` channel, as `ssh -W` does).
 * The channel is what the next step talks SSH over. Ending it ends the jump host's connection,
 * and the carrier beneath; the jump host's connection dropping ends the channel, so the
 * session sees a drop and reconnects through the jumps again.
 */
export async function forwardThroughJumpHost(
  carrier: RouteSocket,
  hop: JumpHop,
  target: { readonly host: string; readonly port: number },
  context: RouteContext,
): Promise<RouteSocket> {
  const { logger, signal } = context
  const client = new ssh2.Client()
  keepGcmKeysAsKeyObjects(client)
  const closeAll = () => {
    client.end()
    carrier.close()
  }
  client.on('error', (error) =>
    logger.warn('Jump host connection error', {
      host: hop.host,
      port: hop.port,
      error: error.message,
    }),
  )
  client.on('close', () => carrier.close())
  const abort = () => {
    client.destroy()
    carrier.close()
  }
  signal.addEventListener('abort', abort, { once: true })

  let verdict: MailroomError | undefined
  let hostKey: HostKeyInfo | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => {
        carrier.shareReadBuffer()
        resolve()
      })
      client.once('error', (error) => reject(verdict ?? asJumpHostError(error, hop)))
      client.once('close', () =>
        reject(
          verdict ??
            signal.reason ??
            jumpHostError(
              'connection-failed',
              hop,
              `The jump host ${hop.host} port ${hop.port} closed the connection during login.`,
            ),
        ),
      )
      client.connect({
        sock: carrier.socket,
        host: hop.host,
        port: hop.port,
        username: hop.username,
        ...loginOptions(hop.credentials, {
          username: hop.username,
          record: new LoginRecord(),
          abandon: (reason) => {
            verdict ??= reason
            client.end()
          },
          whileWaiting: context.whileWaiting ?? ((waiting) => waiting),
        }),
        // The session's own time limit covers the whole route (open-session.ts).
        readyTimeout: 2 ** 31 - 1,
        keepaliveInterval: context.keepaliveIntervalMs ?? 15_000,
        keepaliveCountMax: 3,
        hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
          hostKey = describeHostKey(blob)
          settleHostKeyCheck(
            context.verifyHostKey(hostKey, { host: hop.host, port: hop.port, jumpHost: true }),
            verify,
            () =>
              jumpHostError(
                'host-key-rejected',
                hop,
                `The host key of the jump host ${hop.host} port ${hop.port} was not trusted, so Mailroom disconnected before logging in to it.`,
              ),
            (reason) => (verdict = reason),
          )
        },
      })
    })
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, target.host, target.port, (error, forwarded) =>
        error ? reject(refusedForward(error, hop, target)) : resolve(forwarded),
      )
    })
    logger.info('Forwarded through a jump host', {
      jumpHost: hop.host,
      jumpPort: hop.port,
      hostKey: hostKey?.fingerprint,
      host: target.host,
      port: target.port,
    })
    // The far end hung up (a jump host further on, or the server, went away): the SSH connection
    // inside is over. A channel is half-open until both sides close it, and OpenSSH waits for
    // ours, so close it here, or the session would never hear of the drop.
    channel.once('end', () => channel.close())
    channel.once('close', closeAll)
    return { socket: channel, shareReadBuffer: () => {}, close: closeAll }
  } catch (error) {
    closeAll()
    throw error
  } finally {
    signal.removeEventListener('abort', abort)
  }
}

/** A failure on the way through a jump host, naming it for the person and in `detail`. */
function jumpHostError(kind: MailroomError['kind'], hop: JumpHop, message: string): MailroomError {
  return new MailroomError(kind, message, {
    route: 'jump-host',
    jumpHost: hop.host,
    jumpPort: String(hop.port),
  })
}

/** ssh2's failure to connect or log in to the jump host, in words that say it was the jump host. */
function asJumpHostError(error: unknown, hop: JumpHop): MailroomError {
  const translated = translateConnectError(error, hop.host, hop.port)
  if (translated.detail?.route) return translated
  const server = `${hop.host} port ${hop.port}`
  const message = translated.message.startsWith(server)
    ? `The jump host ${translated.message}`
    : `On the way through the jump host ${server}: ${translated.message}`
  return new MailroomError(
    translated.kind,
    message,
    { ...translated.detail, route: 'jump-host', jumpHost: hop.host, jumpPort: String(hop.port) },
    { cause: error },
  )
}

/** The jump host would not forward: say whether it forbids it or could not reach the server. */
function refusedForward(
  error: Error & { reason?: unknown },
  hop: JumpHop,
  target: { readonly host: string; readonly port: number },
): MailroomError {
  const jump = `The jump host ${hop.host} port ${hop.port}`
  const to = `${target.host} port ${target.port}`
  // ssh2 words it "(SSH) Channel open failure: open failed": the server's own part is enough.
  const said = error.message.replace(/^\(SSH\) Channel open failure: /, '') || 'no reason given'
  const message =
    error.reason === ADMINISTRATIVELY_PROHIBITED
      ? `${jump} does not allow forwarding connections to ${to} ("${said}"). Ask its administrator to allow TCP forwarding (AllowTcpForwarding) for ${hop.username}.`
      : error.reason === CONNECT_FAILED
        ? `${jump} could not connect to ${to} ("${said}"). Check the server's host and port as the jump host sees them.`
        : `${jump} would not forward the connection to ${to} ("${said}").`
  return new MailroomError('connection-failed', message, {
    route: 'jump-host',
    jumpHost: hop.host,
    jumpPort: String(hop.port),
    jumpAnswer: said,
  })
}
