import type { AnyAuthMethod } from 'ssh2'
import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import {
  authHandler,
  MOST_KEY_ATTEMPTS,
  type AuthAttempt,
  type AuthStep,
} from '../../../../src/main/core/sftp/auth-handler'
import { LoginRecord } from '../../../../src/main/core/sftp/login-record'

type Answer = AnyAuthMethod | false

/** Drives the handler as ssh2 does: each call with the server's answer to the last request. */
function driver(steps: AuthStep[]) {
  const record = new LoginRecord()
  const handler = authHandler('someone', steps, record) as unknown as (
    methodsLeft: string[] | null,
    partial: boolean | null,
    next: (answer: Answer) => void,
  ) => void
  const ask = (methodsLeft: string[] | null, partial: boolean | null = null) =>
    new Promise<Answer>((resolve) => handler(methodsLeft, partial, resolve))
  return { record, ask }
}

const password = (value: string): AuthStep => ({
  method: 'password',
  attempts: async () => [{ auth: { type: 'password', username: 'someone', password: value } }],
})
const keys = (count: number, record?: () => LoginRecord): AuthStep => ({
  method: 'publickey',
  attempts: async () => {
    const held = record?.()
    if (held) held.agentKeys = { held: count, offered: 0, capped: false }
    return Array.from({ length: count }, (_unused, index): AuthAttempt => ({
      auth: { type: 'agent', username: 'someone', agent: `agent-${index}` },
      agentKey: `SHA256:key${index}`,
    }))
  },
})

describe('authHandler', () => {
  it('asks "none" first, then sends the password once, and gives up when it is refused', async () => {
    const { record, ask } = driver([password('secret')])
    expect(await ask(null)).toEqual({ type: 'none', username: 'someone' })
    expect(await ask(['publickey', 'password'], false)).toEqual({
      type: 'password',
      username: 'someone',
      password: 'secret',
    })
    expect(await ask(['publickey', 'password'], false)).toBe(false)
    expect(record.attempts.map((attempt) => [attempt.method, attempt.outcome])).toEqual([
      ['none', 'refused'],
      ['password', 'refused'],
    ])
    expect(record.serverAllows).toEqual(['publickey', 'password'])
  })

  it('skips a step the server does not allow, and notes it', async () => {
    const { record, ask } = driver([password('secret')])
    await ask(null)
    expect(await ask(['publickey'], false)).toBe(false)
    expect([...record.notAllowed]).toEqual(['password'])
  })

  it('goes on to the password once the key is half accepted', async () => {
    const key: AuthStep = {
      method: 'publickey',
      attempts: async () => [{ auth: { type: 'publickey', username: 'someone', key: 'KEY' } }],
    }
    const { record, ask } = driver([key, password('secret')])
    await ask(null)
    expect(await ask(['publickey'], false)).toMatchObject({ type: 'publickey' })
    expect(await ask(['password'], true)).toMatchObject({ type: 'password' })
    expect(record.attempts[1]).toMatchObject({ method: 'publickey', outcome: 'partial' })
  })

  it(`offers at most ${MOST_KEY_ATTEMPTS} keys, and notes that it stopped`, async () => {
    const holder: { record?: LoginRecord } = {}
    const { record: kept, ask } = driver([keys(7, () => holder.record as LoginRecord)])
    holder.record = kept
    await ask(null)
    const offered: string[] = []
    for (;;) {
      const answer = await ask(['publickey'], false)
      if (answer === false) break
      offered.push((answer as { agent: string }).agent)
    }
    expect(offered).toEqual(['agent-0', 'agent-1', 'agent-2', 'agent-3', 'agent-4'])
    expect(kept.agentKeys).toEqual({ held: 7, offered: 5, capped: true })
    expect(kept.attempts.filter((attempt) => attempt.method === 'publickey')).toHaveLength(5)
    expect(kept.attempts[1]).toMatchObject({ agentKey: 'SHA256:key0' })
  })

  it("keeps a step's reason for having nothing to offer, and ends the login", async () => {
    const noAgent: AuthStep = {
      method: 'publickey',
      attempts: async () => {
        throw new MailroomError('auth-failed', 'No SSH agent is running.')
      },
    }
    const { record, ask } = driver([noAgent])
    await ask(null)
    expect(await ask(['publickey'], false)).toBe(false)
    expect(record.problem?.message).toBe('No SSH agent is running.')
  })

  it('ends the login, as an internal failure, on an unexpected error', async () => {
    const broken: AuthStep = {
      method: 'password',
      attempts: async () => {
        throw new Error('boom')
      },
    }
    const { record, ask } = driver([broken])
    await ask(null)
    expect(await ask(['password'], false)).toBe(false)
    expect(record.problem).toMatchObject({ kind: 'internal', message: 'Logging in failed: boom' })
  })
})
