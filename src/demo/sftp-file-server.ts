import { once } from 'node:events'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import ssh2, { type Connection, type KeyboardAuthContext, type ParsedKey } from 'ssh2'
import { generateEd25519KeyFile } from '../main/core/keys/generate-key'
import { connectionGate, type ConnectionLimit } from './sftp-server/connection-gate'
import type { DemoAccount, DemoQuestions, FileServerEvents } from './sftp-server/demo-account'
import type { FileServerFaults } from './sftp-server/fault-modes'
import { serveSftp } from './sftp-server/serve-sftp'

export type { ConnectionLimit } from './sftp-server/connection-gate'
export type { DemoAccount, DemoQuestions, FileServerEvents } from './sftp-server/demo-account'
export type { FileServerFaults } from './sftp-server/fault-modes'

/** A running demo server: where it listens and the host key it shows. */
export interface FileServer {
  readonly port: number
  readonly hostKeyPublic: string
  /** So a second listener of the same host can show the same key. */
  readonly hostKeyPrivate: string
  stop(): Promise<void>
}

/**
 * A real SFTP server on ssh2's server mode, serving each account its own folder on disk: what
 * the demo gateway runs on, and what tests use for behaviour OpenSSH cannot show. Loopback only;
 * key login, or an account's two rounds of questions. Paths are confined to the account's folder.
 */
export async function startFileServer(
  accounts: readonly DemoAccount[],
  events: FileServerEvents = {},
  options: {
    port?: number
    hostKey?: string
    faults?: FileServerFaults
    connectionLimit?: ConnectionLimit
  } = {},
): Promise<FileServer> {
  const hostKey = options.hostKey ?? generateEd25519KeyFile('mailroom-demo-gateway').privateKey
  // Virtual files deleted on one connection stay deleted for the next, as real files would.
  const virtualNames = new Set(options.faults?.virtualFiles?.names ?? [])

  const server = new ssh2.Server(
    { hostKeys: [hostKey], ident: 'MailroomDemoGateway_1.0' },
    (client: Connection) => {
      let account: DemoAccount | undefined
      client.on('authentication', (context) => {
        const candidate = accounts.find((item) => item.username === context.username)
        if (candidate?.questions) {
          if (context.method !== 'keyboard-interactive')
            return context.reject(['keyboard-interactive'])
          return askQuestions(context, candidate.questions, () => {
            account = candidate
            events.onLogin?.(candidate)
          })
        }
        if (!candidate || context.method !== 'publickey') return context.reject(['publickey'])
        const offered = context.key
        const key = candidate
          .authorizedKeys()
          .map((line) => ssh2.utils.parseKey(line) as ParsedKey | Error)
          .find(
            (parsed): parsed is ParsedKey =>
              !(parsed instanceof Error) &&
              parsed.type === offered.algo &&
              parsed.getPublicSSH().equals(offered.data),
          )
        if (!key) return context.reject(['publickey'])
        if (context.signature && context.blob) {
          if (key.verify(context.blob, context.signature, context.hashAlgo) !== true)
            return context.reject(['publickey'])
        } else if (!context.signature) {
          return context.accept()
        }
        account = candidate
        events.onLogin?.(candidate)
        context.accept()
      })
      client.on('ready', () => {
        client.on('session', (accept) => {
          accept().on('sftp', (acceptSftp) => {
            if (account)
              serveSftp(acceptSftp(), account, events, options.faults ?? {}, virtualNames, () =>
                client.end(),
              )
          })
        })
      })
      client.on('error', () => undefined)
    },
  )
  // Our own listener, so a connection over the limit is closed before the SSH greeting, the way
  // a throttled gateway (or OpenSSH's MaxStartups) closes it: the client sees no banner at all.
  const admit = connectionGate(options.connectionLimit)
  const sockets = new Set<Socket>()
  const listener = createServer((socket) => {
    if (!admit(socket)) return socket.destroy()
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    // Without TCP_NODELAY each small reply waits for the client's delayed ACK (~40 ms a round
    // trip): listing 100,000 names took 8.7 s.
    socket.setNoDelay(true)
    server.injectSocket(socket)
  })
  listener.listen(options.port ?? 0, '127.0.0.1')
  await once(listener, 'listening')
  return {
    port: (listener.address() as AddressInfo).port,
    hostKeyPublic: publicOf(hostKey),
    hostKeyPrivate: hostKey,
    // Stopping ends every open connection too, as a server going down does.
    stop: () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

/**
 * Two rounds of questions, as a server with a second factor asks them: the password (hidden as
 * typed), then a one-time code (shown) when the account wants one; a wrong answer to either
 * refuses the login.
 */
function askQuestions(
  context: KeyboardAuthContext,
  questions: DemoQuestions,
  loggedIn: () => void,
): void {
  context.prompt(
    [{ prompt: 'Password: ', echo: false }],
    'Demo gateway',
    'Log in with your password.',
    (passwords: string[] | Error) => {
      // An Error: the client gave up on the login meanwhile.
      if (!Array.isArray(passwords)) return
      if (passwords[0] !== questions.password) return context.reject(['keyboard-interactive'])
      const code = questions.oneTimeCode()
      if (code === undefined) {
        loggedIn()
        return context.accept()
      }
      context.prompt(
        [{ prompt: 'Verification code: ', echo: true }],
        'Demo gateway',
        'Enter the 6-digit code from your authenticator app.',
        (codes: string[] | Error) => {
          if (!Array.isArray(codes)) return
          if (codes[0] !== code) return context.reject(['keyboard-interactive'])
          loggedIn()
          context.accept()
        },
      )
    },
  )
}

function publicOf(privateKey: string): string {
  const parsed = ssh2.utils.parseKey(privateKey) as ParsedKey | Error
  if (parsed instanceof Error) throw parsed
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`
}
