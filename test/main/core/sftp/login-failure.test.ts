import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import type { Credentials } from '../../../../src/main/core/sftp/credentials'
import { loginFailure } from '../../../../src/main/core/sftp/login-failure'
import { LoginRecord, type SshMethod } from '../../../../src/main/core/sftp/login-record'

const target = { host: 'sftp.test', port: 22, username: 'alice' }
const key = { data: Buffer.from('key'), type: 'ssh-ed25519' }

/** A record of "none" refused with `allows`, then `steps` each answered as given. */
function recordOf(
  allows: string[],
  ...steps: [SshMethod, 'refused' | 'partial', string[]?][]
): LoginRecord {
  const record = new LoginRecord()
  record.noteSent('none')
  record.noteRefused(allows, false)
  for (const [method, outcome, left] of steps) {
    record.noteSent(method)
    record.noteRefused(left ?? allows, outcome === 'partial')
  }
  return record
}

describe('loginFailure', () => {
  it('names the password, says it was sent once, and which password it was', () => {
    const record = recordOf(['publickey', 'password'], ['password', 'refused'])
    const typed = loginFailure(record, { kind: 'password', password: 'x', from: 'person' }, target)
    expect(typed).toMatchObject({
      kind: 'auth-failed',
      message:
        'sftp.test port 22 did not accept the password for alice. Mailroom sends a password once per connect, so it cannot lock the account by retrying. Check the password and connect again. (server allows: publickey, password)',
      detail: { method: 'password', serverAllows: 'publickey, password' },
    })
    const stored = loginFailure(
      record,
      { kind: 'password', password: 'x', from: 'keychain' },
      target,
    )
    expect(stored.message).toContain('(the one stored in the keychain: it may be out of date)')
  })

  it('says the server does not take the method, when it was never tried', () => {
    const record = recordOf(['publickey'])
    record.notAllowed.add('keyboard-interactive')
    const failure = loginFailure(
      record,
      { kind: 'keyboard-interactive', ask: async () => [] },
      target,
    )
    expect(failure.message).toBe(
      'sftp.test port 22 does not let alice log in with its questions (keyboard-interactive). Choose a way it allows in the profile. (server allows: publickey)',
    )
  })

  it('says a key was accepted and a password is wanted too', () => {
    const record = recordOf(['publickey'], ['publickey', 'partial', ['password']])
    expect(loginFailure(record, { kind: 'key', privateKey: key }, target).message).toBe(
      'sftp.test port 22 accepted a key for alice but requires more to log in (password). Set the profile to log in with its key and a password. (server allows: publickey)',
    )
  })

  it("counts the agent's keys offered, and says when it stopped short of the agent's keys", () => {
    const record = recordOf(['publickey'], ['publickey', 'refused'], ['publickey', 'refused'])
    record.agentKeys = { held: 7, offered: 5, capped: true }
    const failure = loginFailure(record, { kind: 'agent', agents: [] }, target)
    expect(failure.message).toContain(
      'did not accept any of the 5 keys the agent offered for alice',
    )
    expect(failure.message).toContain('The agent holds 7 keys; Mailroom offers at most 5')
    record.agentKeys = { held: 1, offered: 1, capped: false }
    expect(loginFailure(record, { kind: 'agent', agents: [] }, target).message).toContain(
      "did not accept the agent's key for alice.",
    )
  })

  it('keeps the reason Mailroom ended the login for, with what the server allows', () => {
    const record = recordOf(['publickey'])
    record.problem = new MailroomError('auth-failed', 'The SSH agent holds no keys.')
    const failure = loginFailure(record, { kind: 'agent', agents: [] }, target)
    expect(failure).toMatchObject({
      kind: 'auth-failed',
      message: 'The SSH agent holds no keys. (server allows: publickey)',
    })
  })

  it('says the server closed the connection, when it did before any answer', () => {
    const failure = loginFailure(new LoginRecord(), { kind: 'key', privateKey: key }, target, true)
    expect(failure).toMatchObject({
      kind: 'connection-failed',
      message: 'sftp.test port 22 closed the connection during login.',
    })
  })

  it("names the questions' answers, and the stored password that answered one", () => {
    const credentials: Credentials = {
      kind: 'keyboard-interactive',
      password: 'x',
      from: 'keychain',
      ask: async () => [],
    }
    const record = recordOf(['keyboard-interactive'], ['keyboard-interactive', 'refused'])
    record.passwordAnswered = true
    expect(loginFailure(record, credentials, target).message).toContain(
      'did not accept the answers to its questions for alice (the stored password answered its password question: it may be out of date)',
    )
  })
})
