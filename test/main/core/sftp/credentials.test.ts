import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import {
  loginOptions,
  loginSteps,
  type Credentials,
} from '../../../../src/main/core/sftp/credentials'
import { LoginRecord } from '../../../../src/main/core/sftp/login-record'

const data = Buffer.from('-----BEGIN OPENSSH PRIVATE KEY-----\n...')
const context = () => ({
  username: 'someone',
  record: new LoginRecord(),
  abandon: () => undefined,
  whileWaiting: <T>(waiting: Promise<T>) => waiting,
})

/** Each step's method, and the first request it would send. */
async function planOf(credentials: Credentials) {
  return Promise.all(
    loginSteps(credentials, context()).map(async (step) => ({
      method: step.method,
      auth: (await step.attempts())[0]?.auth,
    })),
  )
}

describe('loginSteps', () => {
  it("hands ssh2 a key's bytes, and no passphrase field when the key has none", async () => {
    const [step] = await planOf({ kind: 'key', privateKey: { data, type: 'ssh-ed25519' } })
    expect(step).toEqual({
      method: 'publickey',
      auth: { type: 'publickey', username: 'someone', key: data },
    })
  })

  it('hands ssh2 the passphrase with the key when the key is encrypted', async () => {
    const [step] = await planOf({
      kind: 'key',
      privateKey: { data, passphrase: 'correct horse', type: 'ssh-rsa' },
    })
    expect(step?.auth).toEqual({
      type: 'publickey',
      username: 'someone',
      key: data,
      passphrase: 'correct horse',
    })
  })

  it('sends a password as one password request', async () => {
    expect(await planOf({ kind: 'password', password: 'pw', from: 'person' })).toEqual([
      { method: 'password', auth: { type: 'password', username: 'someone', password: 'pw' } },
    ])
  })

  it('offers the key, then the password, for a server that requires both in turn', async () => {
    const plan = await planOf({
      kind: 'key-and-password',
      privateKey: { data, type: 'ssh-ed25519' },
      password: 'pw',
      from: 'keychain',
    })
    expect(plan.map((step) => [step.method, step.auth?.type])).toEqual([
      ['publickey', 'publickey'],
      ['password', 'password'],
    ])
  })

  it("answers the server's questions through one keyboard-interactive request", async () => {
    const [step, ...more] = await planOf({
      kind: 'keyboard-interactive',
      ask: async () => [],
    })
    expect(more).toEqual([])
    expect(step?.method).toBe('keyboard-interactive')
    expect(step?.auth).toMatchObject({ type: 'keyboard-interactive', username: 'someone' })
    expect(typeof (step?.auth as { prompt?: unknown }).prompt).toBe('function')
  })

  it('says so when no agent is set up, when its turn comes', async () => {
    const [step] = loginSteps({ kind: 'agent', agents: [] }, context())
    expect(step?.method).toBe('publickey')
    const failure = await step?.attempts().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(MailroomError)
    expect(failure).toMatchObject({
      kind: 'auth-failed',
      message: expect.stringContaining('SSH_AUTH_SOCK'),
    })
  })
})

describe('loginOptions', () => {
  it('gives ssh2 one authHandler and nothing else, so only the profile decides what is sent', () => {
    const options = loginOptions({ kind: 'password', password: 'pw', from: 'person' }, context())
    expect(Object.keys(options)).toEqual(['authHandler'])
    expect(typeof options.authHandler).toBe('function')
  })
})
