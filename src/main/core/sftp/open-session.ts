// ssh2 is CommonJS: Node's ESM loader sees only its default export.
import ssh2, { type SFTPWrapper } from 'ssh2'
import type { HostKeyInfo } from '../../../shared/domain'
import { MailroomError, translateConnectError } from '../errors'
import type { Logger } from '../logging/logger'
import { loginOptions, type Credentials } from './credentials'
import { loginFailure } from './login-failure'
import { LoginRecord } from './login-record'
import { keepGcmKeysAsKeyObjects } from './gcm-key-objects'
import { describeHostKey, settleHostKeyCheck } from './host-key'
import { describeRoute, openRoute, type Route } from './route'
import type { HostKeyServer, RouteSocket } from './route-socket'
import type { SftpSession } from './sftp-session'
import { Ssh2Session } from './ssh2-session'

export interface SessionTarget {
  readonly host: string
  readonly port: number
  readonly username: string
}

export interface OpenSessionOptions extends SessionTarget {
  /** How to log in: a key, a password, the server's questions, an agent, a key and a password. */
  readonly credentials: Credentials
  /** How to reach the server: straight, through a proxy, through jump hosts (route.ts). */
  readonly route: Route
  /**
   * Decides on a host key before any credential is sent: the server's, and each jump host's on
   * the way (`server` says whose). Resolve true to go on; resolve false or throw (a
   * MailroomError saying why) to disconnect.
   */
  readonly verifyHostKey: (hostKey: HostKeyInfo, server?: HostKeyServer) => Promise<boolean>
  readonly logger: Logger
  /**
   * How long the handshake and login may take, not counting time spent in `verifyHostKey`, and
   * then how long the server may take to start SFTP.
   */
  readonly readyTimeoutMs?: number
  /**
   * How often an idle connection is checked; three unanswered checks in a row end it as a drop
   * (so it is reconnected). Shorter in tests.
   */
  readonly keepaliveIntervalMs?: number
  /** The profile's conservative mode: one small request in flight (see SftpSession). */
  readonly conservative?: boolean
}

/**
 * Connects along the route, has the host key verified, logs in with the credentials and opens
 * the SFTP channel.
 * Waiting for a person to answer the host key question or the server's login questions must
 * not count against the timeout, so ssh2's own readyTimeout is replaced by ours, which pauses
 * while the verifier runs and while the person answers.
 */
export async function openSftpSession(options: OpenSessionOptions): Promise<SftpSession> {
  const { host, port, username, logger } = options
  const client = new ssh2.Client()
  keepGcmKeysAsKeyObjects(client)
  // Errors after login belong to the SftpSession, which listens too; this keeps one that lands
  // between login and the SFTP channel opening from going unhandled, and on the record.
  client.on('error', (error) =>
    logger.warn('SSH connection error', { host, port, error: error.message }),
  )
  let hostKey: HostKeyInfo | undefined
  let verdict: MailroomError | undefined
  const record = new LoginRecord()
  const target = { host, port, username }

  const timeoutMs = options.readyTimeoutMs ?? 20_000
  // Ends whatever the route has opened so far (a proxy's socket, jump hosts) when time runs out.
  const giveUp = new AbortController()
  let route: RouteSocket | undefined
  const connected = new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined
    let settled = false
    let waitingForPerson = 0
    const armTimeout = () => {
      // The connection may have ended while the person looked at the host key.
      if (settled || waitingForPerson > 0) return
      timer = setTimeout(() => {
        const late = new MailroomError(
          'timeout',
          `${host} port ${port} did not answer in time${describeRoute(options.route)}. Check the host name and port, and your network.`,
        )
        giveUp.abort(late)
        reject(late)
        client.end()
      }, timeoutMs)
    }
    armTimeout()
    const settle = () => {
      settled = true
      clearTimeout(timer)
    }
    client.once('ready', () => {
      // Key exchange and login are done: every byte from here on is authenticated ciphertext.
      route?.shareReadBuffer()
      record.noteLoggedIn()
      settle()
      resolve()
    })
    const onError = (error: Error & { level?: string }) => {
      // An agent that would not sign with one key: ssh2 goes on to the next, and so does the login.
      if (error.level === 'agent') {
        logger.warn('The SSH agent failed', { host, port, error: error.message })
        return
      }
      client.off('error', onError)
      settle()
      reject(
        verdict ??
          (error.level === 'client-authentication'
            ? loginFailure(record, options.credentials, target)
            : record.lastAnswered() || record.problem
              ? loginFailure(record, options.credentials, target, true)
              : translateConnectError(error, host, port)),
      )
    }
    client.on('error', onError)
    client.once('close', () => {
      settle()
      reject(verdict ?? loginFailure(record, options.credentials, target, true))
    })

    // No `algorithms`: ssh2's own order already puts aes128-gcm@openssh.com first unless the
    // CPU lacks AES instructions and its native ChaCha20 is loaded (measured: OpenSSH and ProFTPD
    // both agree to aes128-gcm), so its JavaScript ChaCha20 is never chosen over OpenSSL's GCM.
    // The person answering a server's (or a jump host's) login questions pauses the time too.
    const whileWaiting = async <T>(waiting: Promise<T>): Promise<T> => {
      waitingForPerson += 1
      clearTimeout(timer)
      try {
        return await waiting
      } finally {
        waitingForPerson -= 1
        armTimeout()
      }
    }
    const login = (opened: RouteSocket) =>
      client.connect({
        sock: opened.socket,
        host,
        port,
        username,
        ...loginOptions(options.credentials, {
          username,
          record,
          abandon: (reason) => {
            verdict ??= reason
            client.end()
          },
          whileWaiting,
        }),
        readyTimeout: 2 ** 31 - 1,
        // A link that dies silently (a NAT or Wi-Fi drop, no reset) is noticed within about a
        // minute, not the two of 30 s x 3, so reconnecting starts while the batch can still wait.
        keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
        keepaliveCountMax: 3,
        hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
          clearTimeout(timer)
          hostKey = describeHostKey(blob)
          settleHostKeyCheck(
            options.verifyHostKey(hostKey, { host, port, jumpHost: false }).then((trusted) => {
              if (trusted) armTimeout()
              return trusted
            }),
            verify,
            () =>
              new MailroomError(
                'host-key-rejected',
                `The host key of ${host} was not trusted, so Mailroom disconnected before logging in.`,
              ),
            (reason) => (verdict = reason),
          )
        },
      })

    // A person deciding on a jump host's key does not count against the time either.
    const verifyOnTheWay = async (offered: HostKeyInfo, server: HostKeyServer) => {
      clearTimeout(timer)
      try {
        return await options.verifyHostKey(offered, server)
      } finally {
        armTimeout()
      }
    }
    // A socket of our own: ssh2 leaves Nagle's algorithm on, which made loopback downloads 20x
    // slower; ours also sends what ssh2 writes in one turn at once, and reads into one buffer.
    // Through a proxy it is the proxy's socket; through jump hosts, the last one's channel.
    openRoute(options.route, host, port, {
      verifyHostKey: verifyOnTheWay,
      logger,
      signal: giveUp.signal,
      ...(options.keepaliveIntervalMs ? { keepaliveIntervalMs: options.keepaliveIntervalMs } : {}),
      whileWaiting,
    }).then(
      (opened) => {
        route = opened
        // The time ran out while the route was opening: what it opened is ended here.
        if (settled || giveUp.signal.aborted) return opened.close()
        // Whatever ends the session ends the route with it (the jump hosts' connections).
        client.once('close', () => opened.close())
        login(opened)
      },
      (error: unknown) => {
        settle()
        reject(error instanceof MailroomError ? error : translateConnectError(error, host, port))
      },
    )
  })

  try {
    await connected
  } catch (error) {
    client.end()
    throw error
  }
  if (!hostKey) {
    client.end()
    throw new MailroomError('internal', `${host} logged in without offering a host key.`)
  }
  const verifiedKey = hostKey
  // A server that logs in and then never answers the SFTP request would otherwise be waited
  // for until keepalive gives up, minutes later.
  let sftpTimer: NodeJS.Timeout | undefined
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
    sftpTimer = setTimeout(
      () =>
        reject(
          new MailroomError(
            'timeout',
            `${host} accepted the login but did not start SFTP within ${Math.round(timeoutMs / 1000)} s. Try again later; if it persists, ask the provider whether SFTP is enabled for ${username}.`,
          ),
        ),
      timeoutMs,
    )
    client.sftp((error, channel) => (error ? reject(error) : resolve(channel)))
  })
    .catch((error: unknown) => {
      client.end()
      if (error instanceof MailroomError) throw error
      throw new MailroomError(
        'connection-failed',
        `${host} accepted the login but would not start SFTP: ${error instanceof Error ? error.message : String(error)}`,
      )
    })
    .finally(() => clearTimeout(sftpTimer))
  const login = record.report()
  logger.info('SFTP session open', {
    host,
    port,
    username,
    hostKey: verifiedKey.fingerprint,
    loggedInWith: login.methods.join(', '),
    serverAllows: login.serverAllows.join(', '),
  })
  return new Ssh2Session(
    client,
    sftp,
    host,
    verifiedKey,
    logger,
    options.conservative === true,
    login,
  )
}
