import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionInfo } from '../../src/shared/domain'
import { valueOf } from '../fixtures/connected-mailroom'
import { errorOf, loginApp } from '../fixtures/login-app'
import { startSshAgent, type TestAgent } from '../fixtures/ssh-agent'
import { ed25519KeyFile, startSshd, type TestSshd } from '../fixtures/sshd-server'

/**
 * Logging in with keys an SSH agent holds: OpenSSH's ssh-agent with the test keys added by
 * ssh-add, against OpenSSH's sshd, through dispatch as the UI calls it.
 */
const fingerprintOf = (keyPath: string) =>
  execFileSync('ssh-keygen', ['-lf', `${keyPath}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? ''

describe('logging in with an SSH agent', () => {
  let server: TestSshd
  let agent: TestAgent
  let crowded: TestAgent
  let empty: TestAgent
  let keys: string
  beforeAll(async () => {
    server = await startSshd()
    keys = mkdtempSync(join(tmpdir(), 'mailroom-agent-keys-'))
    ;[agent, crowded, empty] = await Promise.all([
      startSshAgent(),
      startSshAgent(),
      startSshAgent(),
    ])
    agent.add(server.clientKeyPath)
    // Six keys the server does not know (one RSA, which ssh2 could offer once per signature
    // algorithm), then the right one, seventh.
    for (let index = 0; index < 6; index++) {
      const path = join(keys, `other-${index}`)
      if (index === 2)
        execFileSync('ssh-keygen', [
          '-q',
          '-t',
          'rsa',
          '-b',
          '2048',
          '-N',
          '',
          '-C',
          'rsa',
          '-f',
          path,
        ])
      else ed25519KeyFile(path, `other ${index}`)
      crowded.add(path)
    }
    crowded.add(server.clientKeyPath)
  })
  afterAll(async () => {
    await Promise.all([agent?.stop(), crowded?.stop(), empty?.stop()])
    await server?.stop()
    rmSync(keys, { recursive: true, force: true })
  })

  const withAgent = (socket: string | undefined) =>
    loginApp({ agents: () => (socket === undefined ? [] : [{ kind: 'socket', path: socket }]) })

  it("logs in with the agent's key, and says which key it was", async () => {
    const login = withAgent(agent.socket)
    try {
      const profile = await login.profile(server, { method: 'agent' })
      const info = valueOf<SessionInfo>(await login.open({ profileId: profile.id }))
      expect(info.login).toEqual({
        methods: ['publickey'],
        agentKey: fingerprintOf(server.clientKeyPath),
        serverAllows: ['publickey'],
      })
      expect(
        await login.app.dispatch('remote:list', { profileId: profile.id, path: '' }),
      ).toMatchObject({ ok: true })
      expect((await login.log()).map((entry) => entry.message)).toContainEqual(
        expect.stringContaining(
          `with the agent's key ${fingerprintOf(server.clientKeyPath)} (server allows: publickey)`,
        ),
      )
    } finally {
      await login.close()
    }
  })

  it('offers at most five keys, so the server never counts too many failures', async () => {
    const login = withAgent(crowded.socket)
    try {
      const before = server.log()
      const profile = await login.profile(server, { method: 'agent' })
      const refused = errorOf(await login.open({ profileId: profile.id }))
      expect(refused.kind).toBe('auth-failed')
      expect(refused.message).toContain('did not accept any of the 5 keys the agent offered')
      expect(refused.message).toContain(
        'The agent holds 7 keys; Mailroom offers at most 5, so that the server does not lock the address out for too many attempts: name the key to use in the profile',
      )
      const seen = server.log().slice(before.length)
      // Every key offered is one failure on the server's side, the RSA key too.
      expect(seen.match(/Failed publickey/g)).toHaveLength(5)
      expect(seen.match(/Failed publickey.*RSA/g)).toHaveLength(1)
      expect(seen).not.toMatch(
        /maximum authentication attempts exceeded|Too many authentication failures/,
      )

      // Named by its fingerprint, the seventh key is offered alone and logs in.
      const named = await login.profile(server, {
        method: 'agent',
        keyFingerprint: fingerprintOf(server.clientKeyPath),
      })
      const info = valueOf<SessionInfo>(await login.open({ profileId: named.id }))
      expect(info.login?.agentKey).toBe(fingerprintOf(server.clientKeyPath))
    } finally {
      await login.close()
    }
  })

  it('says so, before connecting, when the agent does not hold the key the profile names', async () => {
    const login = withAgent(agent.socket)
    try {
      const other = ed25519KeyFile(join(keys, 'not-in-agent'), 'not in the agent')
      const profile = await login.profile(server, {
        method: 'agent',
        keyFingerprint: fingerprintOf(other),
      })
      const accepted = server.acceptedLogins()
      const refused = errorOf(await login.open({ profileId: profile.id }))
      expect(refused.kind).toBe('auth-failed')
      expect(refused.message).toContain(`does not hold the key ${fingerprintOf(other)}`)
      expect(refused.message).toContain(`it holds ${fingerprintOf(server.clientKeyPath)}`)
      expect(server.acceptedLogins()).toBe(accepted)
    } finally {
      await login.close()
    }
  })

  it('says the agent is empty, that none is running, and that one does not answer', async () => {
    for (const [socket, words] of [
      [empty.socket, 'The SSH agent holds no keys'],
      [undefined, 'No SSH agent is running for Mailroom: SSH_AUTH_SOCK is not set.'],
      [join(keys, 'no-such-agent.sock'), 'No SSH agent answered (the SSH agent at'],
    ] as const) {
      const login = withAgent(socket)
      try {
        const profile = await login.profile(server, { method: 'agent' })
        const refused = errorOf(await login.open({ profileId: profile.id }))
        expect(refused.kind).toBe('auth-failed')
        expect(refused.message).toContain(words)
      } finally {
        await login.close()
      }
    }
  })
})
