import { join } from 'node:path'
import type { ParsedKey } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agentKeys, OneKeyAgent } from '../../../../src/main/core/sftp/agent-keys'
import { sha256Fingerprint } from '../../../../src/main/core/sftp/host-key'
import { startFakeAgent } from '../../../fixtures/fake-agent'

describe('agentKeys', () => {
  let full: Awaited<ReturnType<typeof startFakeAgent>>
  let empty: Awaited<ReturnType<typeof startFakeAgent>>
  beforeAll(async () => {
    ;[full, empty] = await Promise.all([startFakeAgent(3), startFakeAgent(0)])
  })
  afterAll(async () => {
    await Promise.all([full?.stop(), empty?.stop()])
  })

  it("lists the agent's keys in its order, each with its SHA256 fingerprint", async () => {
    const held = await agentKeys([{ kind: 'socket', path: full.socket }])
    expect(held.map((key) => key.key.comment)).toEqual(['fake 0', 'fake 1', 'fake 2'])
    expect(held[1]?.fingerprint).toBe(sha256Fingerprint(full.keys[1]?.getPublicSSH() as Buffer))
    expect(held[1]?.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
  })

  it('passes over an agent that does not answer when another does', async () => {
    const held = await agentKeys([
      { kind: 'socket', path: join(full.socket, '..', 'nothing-here.sock') },
      { kind: 'socket', path: full.socket },
    ])
    expect(held).toHaveLength(3)
  })

  it('says what to do when no agent is set up, none answers, or it holds no key', async () => {
    await expect(agentKeys([])).rejects.toMatchObject({
      kind: 'auth-failed',
      message: expect.stringContaining('SSH_AUTH_SOCK is not set'),
    })
    const missing = join(full.socket, '..', 'nothing-here.sock')
    await expect(agentKeys([{ kind: 'socket', path: missing }])).rejects.toMatchObject({
      kind: 'auth-failed',
      message: `No SSH agent answered (the SSH agent at ${missing} (SSH_AUTH_SOCK): Failed to connect to agent). Start your agent and add your key to it, then connect again.`,
    })
    await expect(agentKeys([{ kind: 'socket', path: empty.socket }])).rejects.toMatchObject({
      kind: 'auth-failed',
      message: expect.stringMatching(
        /^The SSH agent holds no keys \(the SSH agent at .*\)\. Add your key to it/,
      ),
    })
  })
})

describe('OneKeyAgent', () => {
  it('lists one key of an agent, and has that agent sign with it', async () => {
    const agent = await startFakeAgent(2)
    try {
      const [, second] = await agentKeys([{ kind: 'socket', path: agent.socket }])
      if (!second) throw new Error('expected two keys')
      const one = new OneKeyAgent(second)
      const listed = await new Promise<ParsedKey[]>((resolve, reject) =>
        one.getIdentities((error, keys) =>
          error ? reject(error) : resolve((keys ?? []) as ParsedKey[]),
        ),
      )
      expect(listed).toEqual([second.key])
      const data = Buffer.from('session data to sign')
      const signature = await new Promise<Buffer>((resolve, reject) =>
        one.sign(second.key, data, {}, (error, signed) =>
          error || !signed ? reject(error ?? new Error('no signature')) : resolve(signed),
        ),
      )
      expect(agent.signed).toEqual(['fake 1'])
      expect(agent.keys[1]?.verify(data, signature)).toBe(true)
    } finally {
      await agent.stop()
    }
  })
})
