import { MailroomError } from '../errors'
import { MOST_KEY_ATTEMPTS } from './auth-handler'
import type { Credentials } from './credentials'
import type { LoginRecord, SshMethod } from './login-record'

/** The server being logged in to, for the messages. */
export interface LoginTarget {
  readonly host: string
  readonly port: number
  readonly username: string
}

const METHOD_WORDS: Record<Credentials['kind'], string> = {
  key: 'a key',
  password: 'a password',
  'keyboard-interactive': 'its questions (keyboard-interactive)',
  agent: "an SSH agent's key",
  'key-and-password': 'a key and a password',
}

const SSH_METHOD_WORDS: Record<SshMethod, string> = {
  none: 'nothing',
  publickey: 'a key',
  password: 'a password',
  'keyboard-interactive': 'answers to its questions',
}

/**
 * Why a login failed, in words that name what failed (the password, the key, the agent, a
 * method the server does not allow) and what to do, from what `record` saw. Every message
 * ends with what the server allows, as the session log shows it; none holds a secret.
 */
export function loginFailure(
  record: LoginRecord,
  credentials: Credentials,
  { host, port, username }: LoginTarget,
  closedByServer = false,
): MailroomError {
  const server = `${host} port ${port}`
  const allows = record.serverAllows?.length ? record.serverAllows.join(', ') : undefined
  const allowsNote = allows ? ` (server allows: ${allows})` : ''
  const detail = {
    method: credentials.kind,
    ...(allows ? { serverAllows: allows } : {}),
  }
  const fail = (message: string) =>
    new MailroomError('auth-failed', `${message}${allowsNote}`, detail)
  if (record.problem)
    return new MailroomError(
      record.problem.kind,
      `${record.problem.message}${allowsNote}`,
      { ...detail, ...record.problem.detail },
      { cause: record.problem },
    )

  const last = record.lastAnswered()
  if (last?.outcome === 'partial') {
    const more = record.methodsLeft ?? []
    const needsPassword = credentials.kind === 'key' && more.includes('password')
    return fail(
      `${server} accepted ${SSH_METHOD_WORDS[last.method]} for ${username} but requires more to log in${more.length ? ` (${more.join(', ')})` : ''}.${needsPassword ? ' Set the profile to log in with its key and a password.' : ' The profile gives nothing more: ask the provider what the account needs.'}`,
    )
  }
  if (!last) {
    if (closedByServer)
      return new MailroomError(
        'connection-failed',
        `${server} closed the connection during login.${allowsNote}`,
        detail,
      )
    return fail(
      `${server} does not let ${username} log in with ${METHOD_WORDS[credentials.kind]}. Choose a way it allows in the profile.`,
    )
  }
  const closed = closedByServer ? ' The server then closed the connection.' : ''
  switch (last.method) {
    case 'password':
      return fail(
        `${server} did not accept the ${credentials.kind === 'key-and-password' ? 'password after the key' : 'password'} for ${username}${passwordFrom(credentials) === 'keychain' ? ' (the one stored in the keychain: it may be out of date)' : ''}. Mailroom sends a password once per connect, so it cannot lock the account by retrying. Check the password and connect again.${closed}`,
      )
    case 'keyboard-interactive':
      return fail(
        `${server} did not accept the answers to its questions for ${username}${record.passwordAnswered && passwordFrom(credentials) === 'keychain' ? ' (the stored password answered its password question: it may be out of date)' : ''}. Connect again to answer anew.${closed}`,
      )
    case 'publickey':
      if (credentials.kind === 'agent') {
        const keys = record.agentKeys
        const offered = keys?.offered ?? 0
        const capped = keys?.capped
          ? ` The agent holds ${keys.held} keys; Mailroom offers at most ${MOST_KEY_ATTEMPTS}, so that the server does not lock the address out for too many attempts: name the key to use in the profile (its SHA256 fingerprint).`
          : ''
        return fail(
          `${server} did not accept ${offered === 1 ? "the agent's key" : `any of the ${offered} keys the agent offered`} for ${username}. Check the user name, and that the provider has installed your key's public half for it.${capped}${closed}`,
        )
      }
      return fail(
        `${server} did not accept the key. Check the user name, and that the provider has installed this key's public half for it.${closed}`,
      )
    case 'none':
      return fail(`${server} refused the login.${closed}`)
  }
}

function passwordFrom(credentials: Credentials): 'keychain' | 'person' | undefined {
  return 'from' in credentials ? credentials.from : undefined
}
