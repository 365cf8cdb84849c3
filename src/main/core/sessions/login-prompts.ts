import { randomUUID } from 'node:crypto'
import type { ProfileId } from '../../../shared/domain'
import type { EventBus } from '../events/event-bus'
import { MailroomError } from '../errors'
import type { ServerRound } from '../sftp/server-questions'

interface PendingRound {
  readonly count: number
  /** The question and the host, for the message when it is cancelled. */
  readonly asked: string
  readonly host: string
  readonly profileId: ProfileId
  readonly resolve: (answers: readonly string[]) => void
  readonly reject: (reason: MailroomError) => void
  readonly timer: NodeJS.Timeout
}

/** Whose login the server's questions are for. */
export interface LoginWho {
  readonly profileId: ProfileId
  readonly host: string
  readonly port: number
  readonly username: string
}

/**
 * Asks the person the server's login questions (keyboard-interactive), round by round, as
 * host-key-prompts.ts asks about a host key: emits `login:prompt` and waits for `login:answer`.
 * The connection waits meanwhile (its timeout paused); a round nobody answers within the
 * time (the window was closed, the person is away) is cancelled, which ends that login.
 */
export class LoginPrompts {
  private readonly pending = new Map<string, PendingRound>()

  constructor(
    private readonly events: EventBus,
    private readonly answerTimeoutMs = 10 * 60_000,
  ) {}

  ask(who: LoginWho, round: ServerRound): Promise<readonly string[]> {
    const promptId = randomUUID()
    const asked = round.prompts[0]?.prompt.trim() || 'its question'
    return new Promise<readonly string[]>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.settle(
            promptId,
            new MailroomError(
              'cancelled',
              `Nobody answered ${who.host}'s question "${asked}" within ${Math.round(this.answerTimeoutMs / 60_000)} minutes, so the login was cancelled.`,
              { prompt: asked },
            ),
          ),
        this.answerTimeoutMs,
      )
      this.pending.set(promptId, {
        count: round.prompts.length,
        asked,
        host: who.host,
        profileId: who.profileId,
        resolve,
        reject,
        timer,
      })
      this.events.emit('login:prompt', {
        promptId,
        ...who,
        name: round.name,
        instruction: round.instruction,
        prompts: [...round.prompts],
        round: round.round,
      })
    })
  }

  /** The person's answers in order, or null for Cancel. */
  answer(promptId: string, answers: readonly string[] | null): void {
    const round = this.pending.get(promptId)
    if (!round)
      throw new MailroomError(
        'not-found',
        "That question of the server's has already been answered or has expired.",
      )
    if (answers !== null && answers.length !== round.count)
      throw new MailroomError(
        'invalid-input',
        `Answer each of the server's ${round.count} questions (${answers.length} answers came).`,
      )
    this.settle(
      promptId,
      answers ??
        new MailroomError(
          'cancelled',
          `Logging in to ${round.host} was cancelled at its question "${round.asked}".`,
          { prompt: round.asked },
        ),
    )
  }

  /**
   * Cancels the profile's open rounds: the person closed its connection while the server was
   * asking, and the login waiting for the answer ends with it.
   */
  cancelFor(profileId: ProfileId): void {
    for (const [promptId, round] of [...this.pending])
      if (round.profileId === profileId)
        this.settle(
          promptId,
          new MailroomError(
            'cancelled',
            `The connection to ${round.host} was closed while it asked "${round.asked}".`,
            { prompt: round.asked },
          ),
        )
  }

  /** Cancels every open round (on shutdown). */
  cancelAll(): void {
    for (const [promptId, round] of [...this.pending])
      this.settle(
        promptId,
        new MailroomError(
          'cancelled',
          `Mailroom closed while ${round.host} asked "${round.asked}", so the login was cancelled.`,
          { prompt: round.asked },
        ),
      )
  }

  private settle(promptId: string, outcome: readonly string[] | MailroomError): void {
    const round = this.pending.get(promptId)
    if (!round) return
    this.pending.delete(promptId)
    clearTimeout(round.timer)
    if (outcome instanceof MailroomError) round.reject(outcome)
    else round.resolve(outcome)
  }
}
