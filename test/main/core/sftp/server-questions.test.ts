import type { Prompt } from 'ssh2'
import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { LoginRecord } from '../../../../src/main/core/sftp/login-record'
import {
  answerServerQuestions,
  isPasswordQuestion,
  type ServerRound,
} from '../../../../src/main/core/sftp/server-questions'
import { MOST_PROMPTS, MOST_PROMPT_TEXT } from '../../../../src/shared/login-prompt'

/** A login's question handler, the rounds it asked the person, and how it ended. */
function questions(password: string | undefined, answer: (round: ServerRound) => string[]) {
  const asked: ServerRound[] = []
  const record = new LoginRecord()
  let abandoned: MailroomError | undefined
  let waited = 0
  const prompt = answerServerQuestions(
    password,
    async (round) => {
      asked.push(round)
      return answer(round)
    },
    {
      record,
      abandon: (reason) => (abandoned = reason),
      whileWaiting: (waiting) => {
        waited += 1
        return waiting
      },
    },
  )
  const round = (prompts: Prompt[], name = '', instruction = '') =>
    new Promise<string[] | MailroomError>((resolve) => {
      prompt(name, instruction, '', prompts, resolve)
      // An abandoned round never finishes: its reason is the outcome.
      setTimeout(() => abandoned && resolve(abandoned), 20)
    })
  return { asked, record, round, waited: () => waited }
}

describe('isPasswordQuestion', () => {
  it('knows a password question, hidden as typed, in the languages servers ask in', () => {
    for (const prompt of ['Password: ', 'password for alice:', 'Passwort:', 'Mot de passe : '])
      expect(isPasswordQuestion({ prompt, echo: false }), prompt).toBe(true)
  })

  it('leaves codes, and anything shown as typed, to the person', () => {
    expect(isPasswordQuestion({ prompt: 'Password: ', echo: true })).toBe(false)
    for (const prompt of [
      'Verification code: ',
      'One-time password: ',
      'Enter PASSCODE:',
      'Token:',
    ])
      expect(isPasswordQuestion({ prompt, echo: false }), prompt).toBe(false)
  })
})

describe('answerServerQuestions', () => {
  it('answers the password question with the stored password, asking the person nothing', async () => {
    const { asked, record, round } = questions('secret', () => [])
    expect(await round([{ prompt: 'Password: ', echo: false }])).toEqual(['secret'])
    expect(asked).toEqual([])
    expect(record.passwordAnswered).toBe(true)
  })

  it('asks the person the rest of a round, and puts the answers back in order', async () => {
    const { asked, round, waited } = questions('secret', () => ['123456'])
    expect(
      await round(
        [
          { prompt: 'Password: ', echo: false },
          { prompt: 'Verification code: ', echo: true },
        ],
        'Second factor',
        'Enter both.',
      ),
    ).toEqual(['secret', '123456'])
    expect(asked).toEqual([
      {
        name: 'Second factor',
        instruction: 'Enter both.',
        prompts: [{ prompt: 'Verification code: ', echo: true }],
        round: 1,
      },
    ])
    expect(waited()).toBe(1)
  })

  it('uses the stored password once: a server asking again has refused it, so the person answers', async () => {
    const { asked, round } = questions('stale', () => ['typed'])
    expect(await round([{ prompt: 'Password: ', echo: false }])).toEqual(['stale'])
    expect(await round([{ prompt: 'Password: ', echo: false }])).toEqual(['typed'])
    expect(asked.map((entry) => entry.round)).toEqual([2])
  })

  it("cuts a server's long texts, and ends the login on more questions than a dialog holds", async () => {
    const { asked, round } = questions(undefined, (entry) => entry.prompts.map(() => 'x'))
    await round([{ prompt: 'Q'.repeat(MOST_PROMPT_TEXT + 50), echo: true }], 'N'.repeat(5_000))
    expect(asked[0]?.prompts[0]?.prompt).toHaveLength(MOST_PROMPT_TEXT)
    expect(asked[0]?.name).toHaveLength(MOST_PROMPT_TEXT)
    const many = Array.from({ length: MOST_PROMPTS + 1 }, () => ({ prompt: 'Q', echo: true }))
    expect(await round(many)).toMatchObject({
      kind: 'auth-failed',
      message: `The server asked ${MOST_PROMPTS + 1} questions at once to log in; Mailroom shows at most ${MOST_PROMPTS}.`,
    })
  })

  it('ends the login when the person cancels', async () => {
    const { round } = questions(undefined, () => {
      throw new MailroomError('cancelled', 'Cancelled at "Code:".')
    })
    expect(await round([{ prompt: 'Code:', echo: true }])).toMatchObject({ kind: 'cancelled' })
  })
})
