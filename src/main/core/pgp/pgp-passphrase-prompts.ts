import { randomUUID } from 'node:crypto'
import {
  PGP_PROMPT_TEXT_MAX,
  type PgpPassphraseClosed,
} from '../../../shared/pgp-passphrase-prompt'
import type { EventBus } from '../events/event-bus'
import { MailroomError } from '../errors'
import type { PassphraseAnswer, PassphraseQuestion } from './pgp-keyring'

interface PendingQuestion {
  readonly resolve: (answer: PassphraseAnswer) => void
  readonly timer: NodeJS.Timeout
  readonly stopWatching: () => void
}

/**
 * The app's passphrase asker for the OpenPGP keyring, as login-prompts.ts asks the server's
 * questions: emits `pgp:passphrase-prompt` and waits for `pgp:answer-passphrase`. A question
 * nobody answers within the time (the window closed, the person away) is `unanswered`, so the
 * files waiting for it are kept encrypted instead of waiting forever. A question that goes
 * without the window's answer (the time up, withdrawn, shutdown) emits `pgp:passphrase-closed`
 * so its dialog closes. The passphrase goes straight to the keyring: never stored or emitted.
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

  /** The keyring's asker (PgpKeyring's `askPassphrase`); `withdrawn` aborted takes the question back. */
  readonly ask = (
    question: PassphraseQuestion,
    withdrawn?: AbortSignal,
  ): Promise<PassphraseAnswer> => {
    const asked = this.turn.then(() => this.askNow(question, withdrawn))
    // One question that failed (it could not be emitted) must not stop every later one.
    this.turn = asked.catch(() => undefined)
    return asked
  }

  private askNow(question: PassphraseQuestion, withdrawn?: AbortSignal): Promise<PassphraseAnswer> {
    if (this.closed || withdrawn?.aborted) return Promise.resolve(null)
    const promptId = randomUUID()
    return new Promise<PassphraseAnswer>((resolve, reject) => {
      const onWithdrawn = () => this.close(promptId, null, 'withdrawn')
      const timer = setTimeout(
        () => this.close(promptId, 'unanswered', 'unanswered'),
        this.answerTimeoutMs,
      )
      withdrawn?.addEventListener('abort', onWithdrawn, { once: true })
      const stopWatching = () => withdrawn?.removeEventListener('abort', onWithdrawn)
      this.pending.set(promptId, { resolve, timer, stopWatching })
      try {
        this.events.emit('pgp:passphrase-prompt', {
          promptId,
          fingerprint: question.fingerprint,
          keyId: question.keyId,
          // A key's user ID and a server's file name can be longer than the event carries.
          name: clipped(question.name),
          purpose: question.purpose,
          ...(question.file === undefined ? {} : { file: clipped(question.file) }),
          attempt: question.attempt,
          wrong: question.wrong,
        })
      } catch (error) {
        this.forget(promptId)
        reject(error)
      }
    })
  }

  /** The person's passphrase (and whether to remember it), or null for Cancel. */
  answer(promptId: string, passphrase: string | null, remember: boolean): void {
    const question = this.forget(promptId)
    if (!question)
      throw new MailroomError(
        'not-found',
        'That passphrase question has already been answered or has expired.',
      )
    question.resolve(passphrase === null ? null : { passphrase, remember })
  }

  /** Cancels every open question and those waiting their turn (on shutdown). */
  cancelAll(): void {
    this.closed = true
    for (const promptId of [...this.pending.keys()]) this.close(promptId, null, 'shutdown')
  }

  /** Settles a question the window did not answer, and tells the window to close its dialog. */
  private close(
    promptId: string,
    answer: PassphraseAnswer,
    reason: PgpPassphraseClosed['reason'],
  ): void {
    const question = this.forget(promptId)
    if (!question) return
    question.resolve(answer)
    this.events.emit('pgp:passphrase-closed', { promptId, reason })
  }

  private forget(promptId: string): PendingQuestion | undefined {
    const question = this.pending.get(promptId)
    if (!question) return undefined
    this.pending.delete(promptId)
    clearTimeout(question.timer)
    question.stopWatching()
    return question
  }
}

/** Cut to what the event carries, marked as cut. */
function clipped(text: string): string {
  return text.length <= PGP_PROMPT_TEXT_MAX ? text : `${text.slice(0, PGP_PROMPT_TEXT_MAX - 1)}…`
}
