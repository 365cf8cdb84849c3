import type { AnyAuthMethod, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2'
import { MailroomError } from '../errors'
import type { LoginRecord, SshMethod } from './login-record'

/**
 * Most public keys offered in one login. OpenSSH's sshd disconnects at MaxAuthTries failures
 * (6 by default; the first "none" is not counted) and logs "maximum authentication attempts
 * exceeded", which intrusion blockers count against the address: so an agent full of keys is
 * offered its first five and no more, and the person names the key when it is not among them.
 * ssh2 1.17 offers each key once, with the one signature algorithm the server's server-sig-algs
 * names (its getKeyAlgos); the sshd test counts the server's failed attempts to keep it so.
 */
export const MOST_KEY_ATTEMPTS = 5

/** One request to send: what ssh2 is given for it, and the agent's key it offers, if any. */
export interface AuthAttempt {
  readonly auth: Exclude<AnyAuthMethod, { type: 'none' } | { type: 'hostbased' }>
  readonly agentKey?: string
}

/** One way of logging in, in the order the profile's method has them (the key, then a password). */
export interface AuthStep {
  /** The SSH method the server must allow for this step to be tried. */
  readonly method: Exclude<SshMethod, 'none'>
  /**
   * Its requests, in order: one, or one per key of an agent (listed only when its turn comes).
   * A MailroomError says why there are none (no agent running).
   */
  attempts(): Promise<readonly AuthAttempt[]>
}

/**
 * ssh2's authHandler for a profile's login: asks "none" first (which tells what the server
 * allows, and which sshd does not count as a failure), then each step whose method the server
 * allows, each request once: a refused password is never sent again in the same connect, so
 * no loop can lock an account. It records everything in `record`.
 */
export function authHandler(
  username: string,
  steps: readonly AuthStep[],
  record: LoginRecord,
): AuthHandlerMiddleware {
  const queue = [...steps]
  let pending: AuthAttempt[] = []
  let keysOffered = 0
  let started = false

  const next = async (methodsLeft: readonly string[]): Promise<AuthAttempt | undefined> => {
    for (;;) {
      if (pending.length === 0) {
        const step = queue.shift()
        if (!step) return undefined
        if (!methodsLeft.includes(step.method)) {
          record.notAllowed.add(step.method)
          continue
        }
        try {
          pending = [...(await step.attempts())]
        } catch (error) {
          if (!(error instanceof MailroomError)) throw error
          record.problem ??= error
        }
        continue
      }
      const attempt = pending.shift() as AuthAttempt
      if (attempt.auth.type === 'publickey' || attempt.auth.type === 'agent') {
        if (keysOffered >= MOST_KEY_ATTEMPTS) {
          if (record.agentKeys) record.agentKeys.capped = true
          pending = []
          continue
        }
        keysOffered += 1
        if (record.agentKeys && attempt.agentKey !== undefined) record.agentKeys.offered += 1
      }
      return attempt
    }
  }

  // ssh2 gives null on its first call, and passes `false` as "no more methods" (its types lack it).
  return ((methodsLeft: string[] | null, partial: boolean | null, done: NextAuthHandler) => {
    if (!started) {
      started = true
      record.noteSent('none')
      done({ type: 'none', username })
      return
    }
    record.noteRefused(methodsLeft, partial)
    next(methodsLeft ?? []).then(
      (attempt) => {
        if (!attempt) return done(false as unknown as AnyAuthMethod)
        record.noteSent(
          attempt.auth.type === 'agent' ? 'publickey' : attempt.auth.type,
          attempt.agentKey,
        )
        done(attempt.auth)
      },
      (error: unknown) => {
        record.problem ??= new MailroomError(
          'internal',
          `Logging in failed: ${error instanceof Error ? error.message : String(error)}`,
        )
        done(false as unknown as AnyAuthMethod)
      },
    )
  }) as unknown as AuthHandlerMiddleware
}
