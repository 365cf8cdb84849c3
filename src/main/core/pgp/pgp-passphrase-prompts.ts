import { randomUUID } from 'node:crypto'
import type { EventBus } from '../events/event-bus'
import { MailroomError } from '../errors'
import type { PassphraseAnswer, PassphraseQuestion } from './pgp-keyring'

interface PendingQuestion {
  readonly resolve: (answer: PassphraseAnswer) => void
  readonly timer: NodeJS.Timeout
}

/**
 * The app's passphrase asker for the OpenPGP keyring, as login-prompts.ts asks the server's
 * questions: emits `pgp:passphrase-prompt` and waits for `pgp:answer-passphrase`. A question
 * nobody answers within the time (the window closed, the person away) counts as cancelled, so
 * the files waiting for it are kept encrypted instead of waiting forever. The passphrase goes
 * straight to the keyring: it is never stored here or emitted.
 */
export class PgpPassphrasePrompts {
  private readonly pending = new Map<string, PendingQuestion>()
  /** Questions for different keys wait their turn: the window shows one such dialog at a time. */
  private turn: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(
    private readonly events: EventBus,
    private readonly answerTimeoutMs = 10 * 60_000,
  ) {}

  /** The keyring's asker (PgpKeyring's `askPassphrase`). */
  readonly ask = (question: PassphraseQuestion): Promise<PassphraseAnswer> => {
    const asked = this.turn.then(() => this.askNow(question))
    this.turn = asked
    return asked
  }

  private askNow(question: PassphraseQuestion): Promise<PassphraseAnswer> {
    if (this.closed) return Promise.resolve(null)
    const promptId = randomUUID()
    return new Promise<PassphraseAnswer>((resolve) => {
      const timer = setTimeout(() => this.settle(promptId, null), this.answerTimeoutMs)
      this.pending.set(promptId, { resolve, timer })
      this.events.emit('pgp:passphrase-prompt', {
        promptId,
        fingerprint: question.fingerprint,
        keyId: question.keyId,
        name: question.name,
        purpose: question.purpose,
        ...(question.file === undefined ? {} : { file: question.file }),
        attempt: question.attempt,
        wrong: question.wrong,
      })
    })
  }

  /** The person's passphrase (and whether to remember it), or null for Cancel. */
  answer(promptId: string, passphrase: string | null, remember: boolean): void {
    if (!this.pending.has(promptId))
      throw new MailroomError(
        'not-found',
        'That passphrase question has already been answered or has expired.',
      )
    this.settle(promptId, passphrase === null ? null : { passphrase, remember })
  }

  /** Cancels every open question and those waiting their turn (on shutdown). */
  cancelAll(): void {
    this.closed = true
    for (const promptId of [...this.pending.keys()]) this.settle(promptId, null)
  }

  private settle(promptId: string, answer: PassphraseAnswer): void {
    const question = this.pending.get(promptId)
    if (!question) return
    this.pending.delete(promptId)
    clearTimeout(question.timer)
    question.resolve(answer)
  }
}
