import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Profile, SessionInfo } from '../../src/shared/domain'
import { valueOf } from '../fixtures/connected-mailroom'
import { errorOf, loginApp, nextPrompt } from '../fixtures/login-app'
import { canTestPasswords, startSshd, type TestSshd } from '../fixtures/sshd-server'

/**
 * Logging in with a password and with the server's questions, through dispatch as the UI
 * calls it, against OpenSSH's sshd with PasswordAuthentication and PAM keyboard-interactive for
 * a user whose password the set-up sets (root only: the machines the suite runs on).
 */
const passwordsOr = canTestPasswords ? describe : describe.skip
if (!canTestPasswords)
  console.warn("Skipping the password logins: setting the test user's password needs root.")

const failedPasswords = (server: TestSshd) =>
  (server.log().match(/Failed password for/g) ?? []).length

passwordsOr('logging in with a password', () => {
  let server: TestSshd
  let login: ReturnType<typeof loginApp>
  beforeAll(async () => {
    server = await startSshd({ passwords: true })
    login = loginApp()
  })
  afterAll(async () => {
    await login?.close()
    await server?.stop()
  })

  it('asks for a password set to be asked at every connect, and never keeps it', async () => {
    const profile = await login.profile(server, { method: 'password', remember: false })
    const asked = errorOf(await login.open({ profileId: profile.id }))
    expect(asked).toMatchObject({ kind: 'password-needed' })
    expect(asked.message).toContain('at every connect')
    expect(server.acceptedLogins()).toBe(0)

    const info = valueOf<SessionInfo>(
      await login.open({ profileId: profile.id, password: server.password }),
    )
    expect(info.login).toEqual({
      methods: ['password'],
      serverAllows: ['publickey', 'password', 'keyboard-interactive'],
    })
    expect(
      await login.app.dispatch('remote:list', { profileId: profile.id, path: '' }),
    ).toMatchObject({ ok: true })
    await login.app.dispatch('session:close', { profileId: profile.id })
    expect(await login.app.dispatch('profiles:password-stored', { id: profile.id })).toEqual({
      ok: true,
      value: false,
    })
    expect(errorOf(await login.open({ profileId: profile.id })).kind).toBe('password-needed')

    const entries = await login.log()
    expect(entries.map((entry) => entry.message)).toContainEqual(
      expect.stringMatching(
        /^Logged in to 127\.0\.0\.1 as \S+ with a password \(server allows: publickey, password, keyboard-interactive\); host key/,
      ),
    )
  })

  it('keeps a remembered password only once it has logged in, and logs in with it after', async () => {
    const profile = await login.profile(server, { method: 'password', remember: true })
    const none = errorOf(await login.open({ profileId: profile.id }))
    expect(none).toMatchObject({ kind: 'password-needed' })
    expect(none.message).toContain('No password is stored')

    // A wrong one fails, once, and is not kept.
    const before = failedPasswords(server)
    const wrong = errorOf(await login.open({ profileId: profile.id, password: 'not it' }))
    expect(wrong.kind).toBe('auth-failed')
    expect(wrong.message).toMatch(
      /did not accept the password for \S+\. Mailroom sends a password once per connect, so it cannot lock the account by retrying\./,
    )
    expect(wrong.message).toContain('(server allows: publickey, password, keyboard-interactive)')
    expect(wrong.detail).toMatchObject({ method: 'password' })
    expect(failedPasswords(server) - before).toBe(1)
    expect(await login.app.dispatch('profiles:password-stored', { id: profile.id })).toMatchObject({
      value: false,
    })

    valueOf(await login.open({ profileId: profile.id, password: server.password }))
    await login.app.dispatch('session:close', { profileId: profile.id })
    expect(await login.app.dispatch('profiles:password-stored', { id: profile.id })).toMatchObject({
      value: true,
    })
    const again = valueOf<SessionInfo>(await login.open({ profileId: profile.id }))
    expect(again.login?.methods).toEqual(['password'])
    await login.app.dispatch('session:close', { profileId: profile.id })
  })

  it('says the stored password is the wrong one when the server refuses it', async () => {
    const profile = await login.profile(server, { method: 'password', remember: true })
    valueOf(
      await login.app.dispatch('profiles:remember-password', { id: profile.id, password: 'stale' }),
    )
    const refused = errorOf(await login.open({ profileId: profile.id }))
    expect(refused.kind).toBe('auth-failed')
    expect(refused.message).toContain('the one stored in the keychain: it may be out of date')
  })

  it('forgets the password when the profile stops remembering it, or is deleted', async () => {
    const profile = await login.profile(server, { method: 'password', remember: true })
    valueOf(
      await login.app.dispatch('profiles:remember-password', { id: profile.id, password: 'kept' }),
    )
    const { id, createdAt: _created, ...fields } = profile as Profile & { createdAt?: number }
    valueOf(
      await login.app.dispatch('profiles:save', {
        id,
        profile: { ...fields, auth: { method: 'password', remember: false } },
      }),
    )
    expect(await login.app.dispatch('profiles:password-stored', { id })).toMatchObject({
      value: false,
    })
    expect(
      errorOf(await login.app.dispatch('profiles:remember-password', { id, password: 'x' })),
    ).toMatchObject({ kind: 'invalid-input', message: expect.stringContaining('at every connect') })

    const other = await login.profile(server, { method: 'password', remember: true })
    valueOf(
      await login.app.dispatch('profiles:remember-password', { id: other.id, password: 'kept' }),
    )
    valueOf(await login.app.dispatch('profiles:delete', { id: other.id, deleteKey: false }))
    const fresh = await login.profile(server, { method: 'password', remember: true })
    expect(await login.app.dispatch('profiles:password-stored', { id: fresh.id })).toMatchObject({
      value: false,
    })
  })

  it("answers PAM's password question with the stored password, asking nothing", async () => {
    const profile = await login.profile(server, { method: 'keyboard-interactive', remember: true })
    valueOf(
      await login.app.dispatch('profiles:remember-password', {
        id: profile.id,
        password: server.password as string,
      }),
    )
    const asked = login.prompts().length
    const info = valueOf<SessionInfo>(await login.open({ profileId: profile.id }))
    expect(info.login?.methods).toEqual(['keyboard-interactive'])
    expect(login.prompts().length).toBe(asked)
    await login.app.dispatch('session:close', { profileId: profile.id })
  })

  it("shows PAM's question when no password is stored, and logs in with the answer", async () => {
    const profile = await login.profile(server, { method: 'keyboard-interactive', remember: false })
    const question = nextPrompt(login.app)
    const opening = login.open({ profileId: profile.id })
    const prompt = await question
    expect(prompt).toMatchObject({
      profileId: profile.id,
      host: server.host,
      port: server.port,
      username: server.username,
      prompts: [{ prompt: 'Password: ', echo: false }],
      round: 1,
    })
    valueOf(
      await login.app.dispatch('login:answer', {
        promptId: prompt.promptId,
        answers: [server.password as string],
      }),
    )
    expect(valueOf<SessionInfo>(await opening).login?.methods).toEqual(['keyboard-interactive'])
    await login.app.dispatch('session:close', { profileId: profile.id })
    const entries = await login.log()
    expect(entries.map((entry) => entry.message)).toContainEqual(
      `${server.host} asks "Password:" (round 1 of its questions)`,
    )
    expect(JSON.stringify(entries)).not.toContain(server.password)
  })

  it('ends the login when the person cancels the question, naming it', async () => {
    const profile = await login.profile(server, { method: 'keyboard-interactive', remember: false })
    const question = nextPrompt(login.app)
    const opening = login.open({ profileId: profile.id })
    valueOf(
      await login.app.dispatch('login:answer', {
        promptId: (await question).promptId,
        answers: null,
      }),
    )
    expect(errorOf(await opening)).toMatchObject({
      kind: 'cancelled',
      message: `Logging in to ${server.host} was cancelled at its question "Password:".`,
      detail: { prompt: 'Password:' },
    })
  })
})

passwordsOr('logging in with a key and then a password', () => {
  let server: TestSshd
  let login: ReturnType<typeof loginApp>
  let keyId: string
  beforeAll(async () => {
    server = await startSshd({ passwords: true, authenticationMethods: 'publickey,password' })
    login = loginApp()
    keyId = valueOf<{ id: string }>(
      await login.app.dispatch('keys:import', {
        source: { kind: 'path', path: server.clientKeyPath },
        rememberPassphrase: false,
      }),
    ).id
  })
  afterAll(async () => {
    await login?.close()
    await server?.stop()
  })

  it('logs in with both, in turn, where the server requires both', async () => {
    const profile = await login.profile(
      server,
      { method: 'key-and-password', remember: false },
      { keyId },
    )
    const info = valueOf<SessionInfo>(
      await login.open({ profileId: profile.id, password: server.password }),
    )
    expect(info.login).toEqual({ methods: ['publickey', 'password'], serverAllows: ['publickey'] })
    await login.app.dispatch('session:close', { profileId: profile.id })
  })

  it('says the server wants the password too when the profile gives only the key', async () => {
    const profile = await login.profile(server, { method: 'key' }, { keyId })
    const refused = errorOf(await login.open({ profileId: profile.id }))
    expect(refused.kind).toBe('auth-failed')
    expect(refused.message).toContain('accepted a key for')
    expect(refused.message).toContain('but requires more to log in (password)')
    expect(refused.message).toContain('Set the profile to log in with its key and a password.')
  })

  it('says which password failed after the key was accepted', async () => {
    const profile = await login.profile(
      server,
      { method: 'key-and-password', remember: false },
      { keyId },
    )
    const refused = errorOf(await login.open({ profileId: profile.id, password: 'not it' }))
    expect(refused.message).toContain('did not accept the password after the key')
  })
})

describe('a way of logging in the server does not allow', () => {
  let server: TestSshd
  let login: ReturnType<typeof loginApp>
  beforeAll(async () => {
    server = await startSshd()
    login = loginApp()
  })
  afterAll(async () => {
    await login?.close()
    await server?.stop()
  })

  it('names what the server allows, sending no password', async () => {
    const profile = await login.profile(server, { method: 'password', remember: false })
    const refused = errorOf(await login.open({ profileId: profile.id, password: 'never sent' }))
    expect(refused).toMatchObject({
      kind: 'auth-failed',
      message: `${server.host} port ${server.port} does not let ${server.username} log in with a password. Choose a way it allows in the profile. (server allows: publickey)`,
      detail: { method: 'password', serverAllows: 'publickey' },
    })
    expect(server.log()).not.toMatch(/password for/)
  })
})
