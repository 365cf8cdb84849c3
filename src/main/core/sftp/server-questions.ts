import type { KeyboardInteractiveCallback, Prompt } from 'ssh2'
import { MOST_PROMPT_TEXT, MOST_PROMPTS, type ServerQuestion } from '../../../shared/login-prompt'
import { MailroomError } from '../errors'
import type { LoginRecord } from './login-record'

/** One round of a server's keyboard-interactive questions, as the person is shown them. */
export interface ServerRound {
  readonly name: string
  readonly instruction: string
  readonly prompts: readonly ServerQuestion[]
  /** 1 for the login's first round, 2 for the next, and so on. */
  readonly round: number
}

/** Asks the person a round of questions: their answers in order, or a MailroomError (cancelled). */
export type AskPerson = (round: ServerRound) => Promise<readonly string[]>

/** What answering a login's questions needs from the connection being opened. */
export interface QuestionContext {
  readonly record: LoginRecord
  /** Ends the login now, for this reason. */
  readonly abandon: (reason: MailroomError) => void
  /** Waits for the person with the connection's timeout paused. */
  readonly whileWaiting: <T>(waiting: Promise<T>) => Promise<T>
}

// A question for the password in the languages servers ask in; a one-time code is not one.
const PASSWORD_WORDS = /password|passwort|mot de passe|contrase[ñn]a|senha|wachtwoord|lösenord/i
const CODE_WORDS = /one.?time|code|token|otp|passcode|pin\b/i

/**
 * Whether a question asks for the account's password (PAM's "Password: "), which the stored
 * password answers, as WinSCP does. Its text is hidden as typed; a code is asked otherwise.
 */
export function isPasswordQuestion(question: ServerQuestion): boolean {
  return !question.echo && PASSWORD_WORDS.test(question.prompt) && !CODE_WORDS.test(question.prompt)
}

/**
 * ssh2's keyboard-interactive `prompt` for one login: over as many rounds as the server asks,
 * the first question for the password is answered with `password` (once: a server asking
 * again has refused it, and the person is asked), and every other question goes to the
 * person. A server's texts are a stranger's data: cut to a length, and a round with more
 * questions than a dialog can hold ends the login.
 */
export function answerServerQuestions(
  password: string | undefined,
  ask: AskPerson,
  context: QuestionContext,
): (
  name: string,
  instruction: string,
  language: string,
  prompts: Prompt[],
  finish: KeyboardInteractiveCallback,
) => void {
  let round = 0
  let passwordUsed = false
  return (name, instruction, _language, prompts, finish) => {
    round += 1
    if (prompts.length > MOST_PROMPTS) {
      context.abandon(
        new MailroomError(
          'auth-failed',
          `The server asked ${prompts.length} questions at once to log in; Mailroom shows at most ${MOST_PROMPTS}.`,
        ),
      )
      return
    }
    const questions = prompts.map((prompt) => ({
      prompt: cut(prompt.prompt),
      echo: prompt.echo === true,
    }))
    const answers: (string | undefined)[] = questions.map(() => undefined)
    if (password !== undefined && !passwordUsed) {
      const index = questions.findIndex(isPasswordQuestion)
      if (index >= 0) {
        answers[index] = password
        passwordUsed = true
        context.record.passwordAnswered = true
      }
    }
    const open = questions.filter((_question, index) => answers[index] === undefined)
    if (open.length === 0) {
      finish(answers as string[])
      return
    }
    context
      .whileWaiting(ask({ name: cut(name), instruction: cut(instruction), prompts: open, round }))
      .then((given) => {
        if (given.length !== open.length)
          throw new MailroomError(
            'invalid-input',
            `The server asked ${open.length} questions; ${given.length} answers came.`,
          )
        let next = 0
        finish(answers.map((answer) => answer ?? given[next++] ?? ''))
      })
      .catch((error: unknown) =>
        context.abandon(
          error instanceof MailroomError
            ? error
            : new MailroomError('internal', `Answering the server failed: ${String(error)}`),
        ),
      )
  }
}

function cut(text: string): string {
  return text.length > MOST_PROMPT_TEXT ? `${text.slice(0, MOST_PROMPT_TEXT - 1)}…` : text
}
