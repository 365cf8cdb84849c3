import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../../src/main/core/events/event-bus'
import { LoginPrompts } from '../../../../src/main/core/sessions/login-prompts'
import type { ProfileId } from '../../../../src/shared/domain'
import type { LoginPrompt } from '../../../../src/shared/login-prompt'

const who = {
  profileId: 'profile-0001' as ProfileId,
  host: 'sftp.test',
  port: 22,
  username: 'alice',
}
const round = {
  name: 'Second factor',
  instruction: 'Enter the code.',
  prompts: [{ prompt: 'Verification code: ', echo: true }],
  round: 2,
}

function prompts(timeoutMs?: number) {
  const events = new EventBus()
  const seen: LoginPrompt[] = []
  events.subscribe((event) => {
    if (event.name === 'login:prompt') seen.push(event.payload)
  })
  return { questions: new LoginPrompts(events, timeoutMs), seen }
}

describe('LoginPrompts', () => {
  it('shows the round as an event and gives back the answers', async () => {
    const { questions, seen } = prompts()
    const answered = questions.ask(who, round)
    expect(seen).toEqual([{ promptId: expect.any(String), ...who, ...round }])
    questions.answer(seen[0]?.promptId as string, ['123456'])
    expect(await answered).toEqual(['123456'])
    expect(() => questions.answer(seen[0]?.promptId as string, ['again'])).toThrow(
      'already been answered',
    )
  })

  it('refuses answers that do not match the questions, and keeps the round open', async () => {
    const { questions, seen } = prompts()
    const answered = questions.ask(who, round)
    const { promptId } = seen[0] as LoginPrompt
    expect(() => questions.answer(promptId, [])).toThrow("Answer each of the server's 1 questions")
    questions.answer(promptId, ['654321'])
    expect(await answered).toEqual(['654321'])
  })

  it('turns Cancel into a cancelled login naming the question', async () => {
    const { questions, seen } = prompts()
    const answered = questions.ask(who, round)
    questions.answer(seen[0]?.promptId as string, null)
    await expect(answered).rejects.toMatchObject({
      kind: 'cancelled',
      message: 'Logging in to sftp.test was cancelled at its question "Verification code:".',
      detail: { prompt: 'Verification code:' },
    })
  })

  it('cancels a round nobody answers in time, and every round on shutdown', async () => {
    const late = prompts(30)
    await expect(late.questions.ask(who, round)).rejects.toMatchObject({
      kind: 'cancelled',
      message: expect.stringContaining(
        'Nobody answered sftp.test\'s question "Verification code:"',
      ),
    })
    const open = prompts()
    const answered = open.questions.ask(who, round)
    open.questions.cancelAll()
    await expect(answered).rejects.toMatchObject({
      kind: 'cancelled',
      message: expect.stringContaining('Mailroom closed while sftp.test asked'),
    })
  })

  it("cancels only the closed profile's rounds", async () => {
    const { questions, seen } = prompts()
    const closed = questions.ask(who, round)
    const other = questions.ask({ ...who, profileId: 'profile-0002' as ProfileId }, round)
    questions.cancelFor(who.profileId)
    await expect(closed).rejects.toMatchObject({
      kind: 'cancelled',
      message: 'The connection to sftp.test was closed while it asked "Verification code:".',
    })
    questions.answer(seen[1]?.promptId as string, ['777777'])
    expect(await other).toEqual(['777777'])
  })
})
