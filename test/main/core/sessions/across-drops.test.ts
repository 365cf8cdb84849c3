import { describe, expect, it } from 'vitest'
import { connectionLost, MailroomError } from '../../../../src/main/core/errors'
import {
  acrossDrops,
  DROPS_PER_TRANSFER,
  fixedSession,
} from '../../../../src/main/core/sessions/across-drops'
import type { SftpSession } from '../../../../src/main/core/sftp/sftp-session'
import { MemorySftpServer } from '../../../fixtures/memory-sftp-session'

describe('acrossDrops', () => {
  it('runs the work once on the session when nothing drops', async () => {
    const server = new MemorySftpServer()
    const seen: SftpSession[] = []
    const result = await acrossDrops(server.source(), {}, async (session) => {
      seen.push(session)
      return 'done'
    })
    expect(result).toBe('done')
    expect(seen).toHaveLength(1)
  })

  it('after a drop, abandons the session, waits for the new one and runs the work again there', async () => {
    const server = new MemorySftpServer()
    const events: string[] = []
    const seen: SftpSession[] = []
    const result = await acrossDrops(
      server.source(),
      {
        onDrop: (reason) => events.push(`drop ${reason.kind}`),
        onResume: () => events.push('resume'),
      },
      async (session) => {
        seen.push(session)
        if (seen.length === 1) throw connectionLost(session.host)
        return seen.length
      },
    )
    expect(result).toBe(2)
    expect(events).toEqual(['drop connection-lost', 'resume'])
    expect(seen[0]?.isOpen).toBe(false)
    expect(seen[1]).not.toBe(seen[0])
  })

  it('passes any other failure through at once', async () => {
    const server = new MemorySftpServer()
    const denied = new MailroomError('permission-denied', 'No.')
    let runs = 0
    await expect(
      acrossDrops(server.source(), {}, async () => {
        runs += 1
        throw denied
      }),
    ).rejects.toBe(denied)
    const bug = new TypeError('a bug')
    await expect(
      acrossDrops(server.source(), {}, async () => {
        throw bug
      }),
    ).rejects.toBe(bug)
    expect(runs).toBe(1)
  })

  it('does not wait for a reconnect once cancelled', async () => {
    const server = new MemorySftpServer()
    const controller = new AbortController()
    let runs = 0
    await expect(
      acrossDrops(server.source(), { signal: controller.signal }, async (session) => {
        runs += 1
        controller.abort()
        throw connectionLost(session.host)
      }),
    ).rejects.toMatchObject({ kind: 'connection-lost' })
    expect(runs).toBe(1)
  })

  it('gives up when the source hands back the session that dropped (it never reconnects)', async () => {
    const session = new MemorySftpServer().connect()
    let runs = 0
    await expect(
      acrossDrops(fixedSession(session), {}, async () => {
        runs += 1
        throw connectionLost(session.host)
      }),
    ).rejects.toMatchObject({ kind: 'connection-lost' })
    expect(runs).toBe(2)
  })

  it(`gives up after ${DROPS_PER_TRANSFER} drops, suggesting conservative mode`, async () => {
    const server = new MemorySftpServer()
    let runs = 0
    const drops: string[] = []
    await expect(
      acrossDrops(
        server.source(),
        { onDrop: (reason) => drops.push(reason.kind) },
        async (session) => {
          runs += 1
          throw connectionLost(session.host)
        },
      ),
    ).rejects.toMatchObject({
      kind: 'connection-lost',
      message: expect.stringContaining(
        `dropped ${DROPS_PER_TRANSFER} times during this transfer. If the server keeps dropping it mid-transfer, turn on Conservative mode`,
      ),
    })
    expect(runs).toBe(DROPS_PER_TRANSFER)
    expect(drops).toHaveLength(DROPS_PER_TRANSFER - 1)
  })

  it('a fixed session is always that session', async () => {
    const session = new MemorySftpServer().connect()
    expect(await fixedSession(session).current()).toBe(session)
  })
})
