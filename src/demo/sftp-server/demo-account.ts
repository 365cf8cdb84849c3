import { join, normalize, relative, sep } from 'node:path'

/** One account of the demo server: a login name, the keys it accepts, and its own folder. */
export interface DemoAccount {
  readonly username: string
  readonly root: string
  readonly authorizedKeys: () => readonly string[]
  /** S3-backed servers (MFT Gateway) refuse SETSTAT. */
  readonly refuseSetstat: boolean
  /**
   * Logs in by answering questions (keyboard-interactive) instead of a key, over two rounds as
   * servers with a second factor ask: the password, then a one-time code typed in the clear.
   */
  readonly questions?: DemoQuestions
}

/** The answers a questions account expects: its password, then the code of the moment. */
export interface DemoQuestions {
  readonly password: string
  /** The code this login must give; undefined: this login asks for the password only. */
  readonly oneTimeCode: () => string | undefined
}

/** What the demo gateway and tests hear of an account's logins, uploads and requests. */
export interface FileServerEvents {
  /** A login was accepted (a key proven by its signature). */
  readonly onLogin?: (account: DemoAccount) => void
  /** A file written through OPEN with CREATE was closed: an upload straight to its name. */
  readonly onUpload?: (account: DemoAccount, path: string) => void
  /** Every request, for tests that prove what a client sent (e.g. no SETSTAT). */
  readonly onRequest?: (account: DemoAccount, request: string, path: string) => void
}

/**
 * The account's jail: the path on disk for a client path, or undefined when it would leave the
 * account's folder. Every path a request names goes through here.
 */
export function pathInAccount(account: DemoAccount, path: string): string | undefined {
  const inside = normalize(path.replace(/^\/+/, '') || '.')
  const full = join(account.root, inside)
  const rel = relative(account.root, full)
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep)) ? full : undefined
}
