import { afterEach, describe, expect, it, vi } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { ConnectionLimiter } from '../../../../src/main/core/sessions/connection-limiter'
import type { SftpSession } from '../../../../src/main/core/sftp/sftp-session'
import { MemorySftpServer, type MemorySftpSession } from '../../../fixtures/memory-sftp-session'
import { memorySessions, type MemorySessionsOptions } from '../../../fixtures/memory-sessions'

const authFailed = () => new MailroomError('auth-failed', 'The server did not accept the key.')
const refused = () => new MailroomError('connection-failed', 'The server refused the connection.')

describe('SessionManager', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })
  const setup = async (options: MemorySessionsOptions = {}) => {
    const server = new MemorySftpServer()
    const sessions = await memorySessions(server, options)
    cleanups.push(sessions.cleanup)
    return { server, ...sessions, id: sessions.profile.id }
  }
  /** The profile's session now, as the double it is, to drop it as a cut link would. */
  const memoryOf = (session: SftpSession) => session as MemorySftpSession

  it('goes connecting, awaiting the host key while the person is asked, then connected', async () => {
    const { manager, id, server, named, prompts, knownHosts, profile } = await setup({
      trusted: false,
    })
    expect(manager.status(id)).toBe('disconnected')
    const opening = manager.open(id)
    expect(manager.status(id)).toBe('connecting')
    await vi.waitFor(() => expect(named('hostkey:prompt')).toHaveLength(1))
    expect(manager.status(id)).toBe('awaiting-host-key')
    expect(named('hostkey:prompt')[0]?.payload).toMatchObject({
      profileId: id,
      host: server.host,
      hostKey: server.hostKey,
    })
    prompts.answer(named('hostkey:prompt')[0]?.payload.promptId ?? '', true)
    expect(await opening).toEqual({
      profileId: id,
      host: server.host,
      port: 22,
      username: 'someone',
      hostKey: server.hostKey,
    })
    expect(manager.status(id)).toBe('connected')
    expect(manager.get(id)).toBe(server.sessions[0])
    expect(manager.sessionIfOpen(id)).toBe(server.sessions[0])
    expect(knownHosts.check(profile.host, profile.port, server.hostKey)).toEqual({
      status: 'trusted',
    })
  })

  it('shares one attempt between opens that come while connecting, and reuses the open session', async () => {
    const { manager, id, server } = await setup()
    const first = manager.open(id)
    const second = manager.open(id)
    expect(second).toBe(first)
    const waiting = manager.current(id)
    await first
    expect(await waiting).toBe(server.sessions[0])
    await manager.open(id)
    expect(server.sessions).toHaveLength(1)
  })

  it('is left disconnected when the person does not trust the key', async () => {
    const { manager, id, named, prompts, server } = await setup({ trusted: false })
    const opening = manager.open(id)
    await vi.waitFor(() => expect(named('hostkey:prompt')).toHaveLength(1))
    prompts.answer(named('hostkey:prompt')[0]?.payload.promptId ?? '', false)
    await expect(opening).rejects.toMatchObject({ kind: 'host-key-rejected' })
    expect(manager.status(id)).toBe('disconnected')
    expect(() => manager.get(id)).toThrow(expect.objectContaining({ kind: 'not-connected' }))
    expect(server.sessions).toEqual([])
  })

  it('reconnects after a drop, telling the UI it is reconnecting and then that it is back', async () => {
    const { manager, id, named, server } = await setup()
    await manager.open(id)
    const first = manager.get(id)
    memoryOf(first).drop()
    expect(manager.status(id)).toBe('reconnecting')
    expect(() => manager.get(id)).toThrow(
      expect.objectContaining({
        kind: 'not-connected',
        message: 'Reconnecting. Try again once the connection is back.',
      }),
    )
    expect(manager.sessionIfOpen(id)).toBeUndefined()
    const back = await manager.current(id)
    expect(back).not.toBe(first)
    expect(back.isOpen).toBe(true)
    expect(manager.status(id)).toBe('connected')
    expect(manager.get(id)).toBe(back)
    expect(named('session:reconnecting').map((event) => event.payload)).toEqual([
      {
        profileId: id,
        reason: expect.objectContaining({ kind: 'connection-lost' }),
        attempt: 1,
        retryInMs: 5,
      },
    ])
    expect(named('session:reconnected').map((event) => event.payload)).toEqual([
      { profileId: id, host: server.host, port: 22, username: 'someone', hostKey: server.hostKey },
    ])
    expect(named('session:closed')).toEqual([])
  })

  it('keeps trying while the server is down, telling each attempt and its reason', async () => {
    const { manager, id, named, server, bus } = await setup({ reconnectDelaysMs: [5, 5, 5, 5] })
    await manager.open(id)
    server.faults.connectFails = refused()
    // The server is back before the third attempt.
    bus.subscribe((event) => {
      if (event.name === 'session:reconnecting' && event.payload.attempt === 3)
        server.faults.connectFails = undefined
    })
    memoryOf(manager.get(id)).drop()
    const back = await manager.current(id)
    expect(back.isOpen).toBe(true)
    expect(
      named('session:reconnecting').map((event) => [
        event.payload.attempt,
        event.payload.reason.kind,
      ]),
    ).toEqual([
      [1, 'connection-lost'],
      [2, 'connection-failed'],
      [3, 'connection-failed'],
    ])
    expect(named('session:reconnected')).toHaveLength(1)
  })

  it('gives up at once on a reason trying again cannot help (auth-failed): disconnected with the reason', async () => {
    const { manager, id, named, server } = await setup({ reconnectDelaysMs: [5, 5, 5] })
    const ended: string[] = []
    manager.onEnded((profileId) => ended.push(profileId))
    await manager.open(id)
    server.faults.connectFails = authFailed()
    memoryOf(manager.get(id)).drop()
    await expect(manager.current(id)).rejects.toMatchObject({
      kind: 'auth-failed',
      message: 'Reconnecting gave up. The server did not accept the key.',
    })
    expect(manager.status(id)).toBe('disconnected')
    expect(() => manager.get(id)).toThrow(
      expect.objectContaining({
        kind: 'auth-failed',
        message: 'Reconnecting gave up. The server did not accept the key.',
      }),
    )
    expect(named('session:reconnecting')).toHaveLength(1)
    expect(named('session:closed').map((event) => event.payload)).toEqual([
      {
        profileId: id,
        reason: {
          kind: 'auth-failed',
          message: 'Reconnecting gave up. The server did not accept the key.',
        },
      },
    ])
    expect(ended).toEqual([id])
    // Opening again by hand starts afresh.
    server.faults.connectFails = undefined
    await manager.open(id)
    expect(manager.status(id)).toBe('connected')
  })

  it('gives up once every wait is spent, with the last reason', async () => {
    const { manager, id, named, server } = await setup({ reconnectDelaysMs: [5, 5] })
    await manager.open(id)
    server.faults.connectFails = refused()
    memoryOf(manager.get(id)).drop()
    await expect(manager.current(id)).rejects.toMatchObject({ kind: 'connection-failed' })
    expect(named('session:reconnecting')).toHaveLength(2)
    expect(named('session:closed')[0]?.payload.reason?.message).toBe(
      'Reconnecting gave up. The server refused the connection.',
    )
  })

  it('stops reconnecting when the person closes it meanwhile', async () => {
    const { manager, id, named, server } = await setup({ reconnectDelaysMs: [100] })
    const ended: string[] = []
    manager.onEnded((profileId) => ended.push(profileId))
    await manager.open(id)
    memoryOf(manager.get(id)).drop()
    const waiting = manager.current(id)
    manager.close(id)
    await expect(waiting).rejects.toMatchObject({ kind: 'not-connected' })
    expect(manager.status(id)).toBe('disconnected')
    expect(named('session:closed').map((event) => event.payload)).toEqual([{ profileId: id }])
    expect(ended).toEqual([id])
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(server.sessions).toHaveLength(1)
    expect(named('session:reconnected')).toEqual([])
  })

  it('connects at once when asked to while waiting to reconnect, and the wait is dropped', async () => {
    const { manager, id, named, server } = await setup({ reconnectDelaysMs: [400] })
    await manager.open(id)
    memoryOf(manager.get(id)).drop()
    expect(manager.status(id)).toBe('reconnecting')
    const started = Date.now()
    await manager.open(id)
    expect(Date.now() - started).toBeLessThan(300)
    expect(manager.status(id)).toBe('connected')
    expect(manager.get(id)).toBe(server.sessions[1])
    // The reconnect it replaced never tries.
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(server.sessions).toHaveLength(2)
    expect(named('session:reconnected')).toEqual([])
  })

  it('closes unseen a session a reconnect opened after the person had connected anew', async () => {
    const server = new MemorySftpServer()
    let holdNext = false
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const sessions = await memorySessions(server, {
      reconnectDelaysMs: [1],
      openSession: async (options) => {
        if (holdNext) {
          holdNext = false
          await held
        }
        return server.openSession(options)
      },
    })
    cleanups.push(sessions.cleanup)
    const { manager, named } = sessions
    const id = sessions.profile.id
    await manager.open(id)
    holdNext = true
    memoryOf(manager.get(id)).drop()
    await vi.waitFor(() => expect(holdNext).toBe(false))
    await manager.open(id)
    const mine = manager.get(id)
    release()
    await vi.waitFor(() => expect(server.sessions).toHaveLength(3))
    const late = server.sessions[2]
    await vi.waitFor(() => expect(late?.isOpen).toBe(false))
    expect(manager.get(id)).toBe(mine)
    expect(mine.isOpen).toBe(true)
    expect(named('session:reconnected')).toEqual([])
    expect(named('session:closed')).toEqual([])
  })

  it('closes a connected session on purpose: session:closed with no reason, and no reconnect', async () => {
    const { manager, id, named, server } = await setup()
    const ended: string[] = []
    manager.onEnded((profileId) => ended.push(profileId))
    await manager.open(id)
    const session = manager.get(id)
    manager.close(id)
    expect(session.isOpen).toBe(false)
    expect(manager.status(id)).toBe('disconnected')
    expect(() => manager.get(id)).toThrow(
      expect.objectContaining({
        kind: 'not-connected',
        message: 'Not connected. Connect to the profile first.',
      }),
    )
    await expect(manager.current(id)).rejects.toMatchObject({ kind: 'not-connected' })
    expect(named('session:closed').map((event) => event.payload)).toEqual([{ profileId: id }])
    expect(named('session:reconnecting')).toEqual([])
    expect(ended).toEqual([id])
    expect(server.sessions).toHaveLength(1)
  })

  it('gives transfers the session across a reconnect through its source', async () => {
    const { manager, id } = await setup()
    await manager.open(id)
    const source = manager.sourceFor(id)
    const first = await source.current()
    memoryOf(first).drop()
    const second = await source.current()
    expect(second).not.toBe(first)
    expect(second.isOpen).toBe(true)
    const controller = new AbortController()
    memoryOf(second).drop()
    controller.abort()
    await expect(source.current(controller.signal)).rejects.toMatchObject({ kind: 'cancelled' })
  })

  it('forgets the trusted host key of the profile', async () => {
    const { manager, id, knownHosts, profile, server } = await setup()
    manager.forgetHostKey(id)
    expect(knownHosts.check(profile.host, profile.port, server.hostKey)).toEqual({
      status: 'unknown',
    })
  })

  it("counts each jump host's connection under its own host, and asks about its key by its host and port", async () => {
    const limiter = new ConnectionLimiter({ perMinute: 20, open: 1, minuteMs: 60_000 })
    const jumpKey = { type: 'ssh-ed25519', fingerprint: 'SHA256:jump' }
    const { manager, id, server, named, prompts, knownHosts } = await setup({
      limiter,
      profile: { jumps: [{ host: 'bastion', port: 2222, username: 'me', keyId: null }] },
      // The jump host's key is decided on before the server's, as openRoute does.
      openSession: async (options) => {
        expect(options.route).toMatchObject({ kind: 'jump', hop: { host: 'bastion', port: 2222 } })
        if (
          !(await options.verifyHostKey(jumpKey, { host: 'bastion', port: 2222, jumpHost: true }))
        )
          throw new MailroomError('host-key-rejected', 'not trusted')
        return server.openSession(options)
      },
    })
    const opening = manager.open(id)
    await vi.waitFor(() => expect(named('hostkey:prompt')).toHaveLength(1))
    expect(named('hostkey:prompt')[0]?.payload).toMatchObject({
      host: 'bastion',
      port: 2222,
      jumpHost: true,
      hostKey: jumpKey,
    })
    prompts.answer(named('hostkey:prompt')[0]?.payload.promptId ?? '', true)
    await opening
    expect(knownHosts.check('bastion', 2222, jumpKey)).toEqual({ status: 'trusted' })
    // The one connection bastion takes is the session's, until it is closed.
    const next = limiter.acquire('bastion')
    const waited = await Promise.race([
      next.then(() => 'acquired'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 50)),
    ])
    expect(waited).toBe('waiting')
    manager.close(id)
    const release = await next
    release()
  })
})
