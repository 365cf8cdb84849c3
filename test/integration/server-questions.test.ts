import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFileServer, type DemoAccount, type FileServer } from '../../src/demo/sftp-file-server'
import type { SessionInfo } from '../../src/shared/domain'
import type { LoginPrompt } from '../../src/shared/login-prompt'
import { valueOf } from '../fixtures/connected-mailroom'
import { errorOf, loginApp, nextPrompt } from '../fixtures/login-app'

/**
 * Two rounds of questions, a password and then a one-time code, as servers with a second
 * factor ask them: an ssh2 Server (the demo server's questions account), since sshd's PAM asks
 * one question on this machine. Through dispatch, as the UI's prompt dialog calls it.
 */
describe("logging in by answering the server's questions", () => {
  let root: string
  let server: FileServer
  let code = '000000'
  let logins = 0
  const account: DemoAccount = {
    username: 'questions',
    root: '',
    authorizedKeys: () => [],
    refuseSetstat: false,
    questions: { password: 'demo password', oneTimeCode: () => code },
  }
  const start = async (port?: number, hostKey?: string) =>
    startFileServer(
      [{ ...account, root }],
      { onLogin: () => (logins += 1) },
      port === undefined ? {} : { port, hostKey },
    )
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mailroom-questions-'))
    mkdirSync(join(root, 'pickup'))
    server = await start()
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })
  const target = () => ({ host: '127.0.0.1', port: server.port, username: account.username })

  it('asks both rounds when no password is given, the code in the clear', async () => {
    const login = loginApp()
    try {
      const profile = await login.profile(target(), {
        method: 'keyboard-interactive',
        remember: false,
      })
      code = '314159'
      const first = nextPrompt(login.app)
      const opening = login.open({ profileId: profile.id })
      const password = await first
      expect(password).toMatchObject({
        name: 'Demo gateway',
        instruction: 'Log in with your password.',
        prompts: [{ prompt: 'Password: ', echo: false }],
        round: 1,
      })
      const second = nextPrompt(login.app)
      valueOf(
        await login.app.dispatch('login:answer', {
          promptId: password.promptId,
          answers: ['demo password'],
        }),
      )
      const verification = await second
      expect(verification).toMatchObject({
        instruction: 'Enter the 6-digit code from your authenticator app.',
        prompts: [{ prompt: 'Verification code: ', echo: true }],
        round: 2,
      })
      valueOf(
        await login.app.dispatch('login:answer', {
          promptId: verification.promptId,
          answers: [code],
        }),
      )
      expect(valueOf<SessionInfo>(await opening).login).toEqual({
        methods: ['keyboard-interactive'],
        serverAllows: ['keyboard-interactive'],
      })
    } finally {
      await login.close()
    }
  })

  it('answers the password round with the password given, and asks only for the code', async () => {
    const login = loginApp()
    try {
      const profile = await login.profile(target(), {
        method: 'keyboard-interactive',
        remember: false,
      })
      code = '271828'
      const asked = nextPrompt(login.app)
      const opening = login.open({ profileId: profile.id, password: 'demo password' })
      const verification = await asked
      expect(verification.prompts).toEqual([{ prompt: 'Verification code: ', echo: true }])
      valueOf(
        await login.app.dispatch('login:answer', {
          promptId: verification.promptId,
          answers: ['999999'],
        }),
      )
      const refused = errorOf(await opening)
      expect(refused.kind).toBe('auth-failed')
      expect(refused.message).toContain('did not accept the answers to its questions for questions')
      expect(login.prompts()).toHaveLength(1)
    } finally {
      await login.close()
    }
  })

  it('refuses an answer count that does not match the questions, and keeps waiting', async () => {
    const login = loginApp()
    try {
      const profile = await login.profile(target(), {
        method: 'keyboard-interactive',
        remember: false,
      })
      const asked = nextPrompt(login.app)
      const opening = login.open({ profileId: profile.id })
      const { promptId } = await asked
      expect(
        errorOf(await login.app.dispatch('login:answer', { promptId, answers: ['a', 'b'] })),
      ).toMatchObject({ kind: 'invalid-input' })
      valueOf(await login.app.dispatch('login:answer', { promptId, answers: null }))
      expect(errorOf(await opening).kind).toBe('cancelled')
    } finally {
      await login.close()
    }
  })

  it('ends the login waiting for an answer when the person closes the connection', async () => {
    const login = loginApp()
    try {
      const profile = await login.profile(target(), {
        method: 'keyboard-interactive',
        remember: false,
      })
      const asked = nextPrompt(login.app)
      const opening = login.open({ profileId: profile.id })
      await asked
      valueOf(await login.app.dispatch('session:close', { profileId: profile.id }))
      expect(errorOf(await opening)).toMatchObject({
        kind: 'cancelled',
        message: 'The connection to 127.0.0.1 was closed while it asked "Password:".',
      })
    } finally {
      await login.close()
    }
  })

  it('asks again after a drop, and a pickup waits for the answer', async () => {
    const login = loginApp({ reconnectDelaysMs: [50, 50, 50] })
    try {
      const profile = await login.profile(
        target(),
        { method: 'keyboard-interactive', remember: false },
        { receiveFolders: ['pickup'] },
      )
      code = '111111'
      const first = nextPrompt(login.app)
      const opening = login.open({ profileId: profile.id, password: 'demo password' })
      valueOf(
        await login.app.dispatch('login:answer', {
          promptId: (await first).promptId,
          answers: [code],
        }),
      )
      valueOf(await opening)
      const file = join(root, 'pickup', 'invoice.edi')
      writeFileSync(file, 'UNA:+.? ')
      const old = new Date(Date.now() - 3_600_000)
      utimesSync(file, old, old)

      // The server restarts: every connection ends, and the same server is back.
      code = '222222'
      const again = nextPrompt(login.app)
      const { port, hostKeyPrivate } = server
      await server.stop()
      server = await start(port, hostKeyPrivate)
      const reconnectQuestion: LoginPrompt = await again
      expect(reconnectQuestion.prompts).toEqual([{ prompt: 'Verification code: ', echo: true }])
      expect(login.events.map((event) => event.name)).toContain('session:reconnecting')

      const into = mkdtempSync(join(tmpdir(), 'mailroom-questions-into-'))
      let started = false
      const pickup = login.app
        .dispatch('transfer:pickup', {
          profileId: profile.id,
          mailboxPath: 'pickup',
          localFolder: into,
        })
        .then((result) => {
          started = true
          return result
        })
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(started).toBe(false)
      const loginsBefore = logins
      valueOf(
        await login.app.dispatch('login:answer', {
          promptId: reconnectQuestion.promptId,
          answers: [code],
        }),
      )
      const { transferIds } = valueOf<{ transferIds: string[] }>(await pickup)
      expect(transferIds).toHaveLength(1)
      expect(logins).toBe(loginsBefore + 1)
      expect(login.events.map((event) => event.name)).toContain('session:reconnected')
      rmSync(into, { recursive: true, force: true })
    } finally {
      await login.close()
    }
  })
})
