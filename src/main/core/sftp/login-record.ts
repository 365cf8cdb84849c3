import type { LoginReport } from '../../../shared/domain'
import type { MailroomError } from '../errors'

/** The SSH methods a login may send (RFC 4252), as the server names them. */
export type SshMethod = LoginReport['methods'][number]

/** One request sent to the server, and what it said. */
export interface LoginAttempt {
  readonly method: SshMethod
  /** The fingerprint of the agent's key offered, for an agent's key. */
  readonly agentKey?: string
  outcome: 'sent' | 'refused' | 'partial' | 'accepted'
}

/**
 * What happened while logging in, kept as it happens, so that a failure can say what failed
 * (the password, the agent, which method the server does not allow) and the session log can
 * say which method logged in and what the server allows. It holds no secret.
 */
export class LoginRecord {
  /** The methods the server named after the first request ("none"), when it has. */
  serverAllows: readonly string[] | undefined
  /** The methods the server named last: after a half-accepted request, what it still wants. */
  methodsLeft: readonly string[] | undefined
  readonly attempts: LoginAttempt[] = []
  /** Methods the profile's login had that the server did not allow when their turn came. */
  readonly notAllowed = new Set<SshMethod>()
  /** Why the login ended on Mailroom's side (no agent, a question cancelled), if it did. */
  problem: MailroomError | undefined
  /** An agent's keys: how many it holds (of those that fit) and how many were offered. */
  agentKeys: { held: number; offered: number; capped: boolean } | undefined
  /** Whether the stored password answered a question of the server's (keyboard-interactive). */
  passwordAnswered = false

  noteSent(method: SshMethod, agentKey?: string): void {
    this.attempts.push(
      agentKey === undefined ? { method, outcome: 'sent' } : { method, agentKey, outcome: 'sent' },
    )
  }

  /** The server refused the last request: `methodsLeft` may go on; `partial`: it was accepted as one of several. */
  noteRefused(methodsLeft: readonly string[] | null, partial: boolean | null): void {
    if (methodsLeft && this.serverAllows === undefined) this.serverAllows = [...methodsLeft]
    if (methodsLeft) this.methodsLeft = [...methodsLeft]
    const last = this.attempts.at(-1)
    if (last && last.outcome === 'sent') last.outcome = partial === true ? 'partial' : 'refused'
  }

  noteLoggedIn(): void {
    const last = this.attempts.at(-1)
    if (last && last.outcome === 'sent') last.outcome = 'accepted'
  }

  /** The last request the server refused or half accepted, leaving "none" aside. */
  lastAnswered(): LoginAttempt | undefined {
    return this.attempts.findLast(
      (attempt) => attempt.method !== 'none' && attempt.outcome !== 'sent',
    )
  }

  /** For a login that went through. */
  report(): LoginReport {
    const accepted = this.attempts.filter(
      (attempt) => attempt.outcome === 'accepted' || attempt.outcome === 'partial',
    )
    const agentKey = accepted.find((attempt) => attempt.agentKey !== undefined)?.agentKey
    return {
      methods: accepted.map((attempt) => attempt.method),
      ...(agentKey === undefined ? {} : { agentKey }),
      serverAllows: [...(this.serverAllows ?? [])],
    }
  }
}
