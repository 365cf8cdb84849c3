import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedSession } from '../../../../../src/main/core/sessions/across-drops'
import { sendOne } from '../../../../../src/main/core/transfer/send/send-one'
import type { UploadStrategy } from '../../../../../src/shared/presets'
import { at, MemorySftpServer } from '../../../../fixtures/memory-sftp-session'
import { recordedQueue } from '../../../../fixtures/recorded-queue'

const MIB = 1024 * 1024
const TEMPORARY = /^out\/\.a\.edi\.[0-9a-f]{8}\.mailroom-part$/

describe('sendOne', () => {
  let folder: string
  let server: MemorySftpServer
  let local: string
  let content: Buffer
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-send-one-'))
    server = new MemorySftpServer()
    server.tree.addFolder('out')
    local = join(folder, 'a.edi')
    content = randomBytes(3 * MIB + 5)
    writeFileSync(local, content)
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  /** Sends a.edi into out/ through a real queue; the transfer as it finished. */
  const send = async (strategy: UploadStrategy, source = server.source()) => {
    const recorded = recordedQueue()
    const transfer = await recorded.run((control) =>
      sendOne(source, local, at('out/a.edi'), strategy, control),
    )
    return { transfer, states: recorded.states(transfer.id) }
  }
  const names = () => server.tree.entries('out').map(([name]) => name)
  const steps = () =>
    server.requests
      .filter((request) => request.op !== 'write')
      .map(
        (request) =>
          `${request.connection} ${request.op} ${request.path}${request.to ? ` ${request.to}` : ''}`,
      )

  describe('temp-rename', () => {
    it('uploads under a hidden name, checks its size, and renames it into place', async () => {
      const { transfer, states } = await send('temp-rename')
      expect(transfer).toMatchObject({ state: 'done' })
      expect(states).toEqual(['queued', 'running', 'verifying', 'done'])
      expect(server.tree.content('out/a.edi')?.equals(content)).toBe(true)
      expect(names()).toEqual(['a.edi'])
      const temporary = server.sent('open')[0]?.path ?? ''
      expect(temporary).toMatch(TEMPORARY)
      expect(steps()).toEqual([
        '1 stat out/a.edi',
        `1 open ${temporary}`,
        `1 close ${temporary}`,
        `1 stat ${temporary}`,
        '1 stat out/a.edi',
        `1 posix-rename ${temporary} out/a.edi`,
      ])
    })

    it('renames with a plain rename where the server has no posix-rename', async () => {
      server.posixRename = false
      await send('temp-rename')
      expect(server.sent('rename')).toHaveLength(1)
      expect(server.sent('posix-rename')).toEqual([])
      expect(names()).toEqual(['a.edi'])
    })

    it('refuses a name taken while it uploaded, and removes its hidden copy', async () => {
      // Someone else's file lands under the name while the hidden copy is checked.
      server.faults.delay = (request) => {
        if (request.op === 'stat' && TEMPORARY.test(request.path))
          server.tree.addFile('out/a.edi', 'theirs')
        return 0
      }
      const { transfer } = await send('temp-rename')
      expect(transfer).toMatchObject({ state: 'failed', error: { kind: 'already-exists' } })
      expect(server.tree.content('out/a.edi')?.toString()).toBe('theirs')
      expect(names()).toEqual(['a.edi'])
    })
  })

  describe('direct', () => {
    it('uploads straight to the final name and checks its size, with no rename', async () => {
      const { transfer, states } = await send('direct')
      expect(transfer.state).toBe('done')
      expect(states).toEqual(['queued', 'running', 'verifying', 'done'])
      expect(server.tree.content('out/a.edi')?.equals(content)).toBe(true)
      expect(steps()).toEqual([
        '1 stat out/a.edi',
        '1 open out/a.edi',
        '1 close out/a.edi',
        '1 stat out/a.edi',
      ])
    })
  })

  describe.each(['direct', 'temp-rename'] as const)('either way (%s)', (strategy) => {
    it('refuses a name already on the server, writing and removing nothing', async () => {
      server.tree.addFile('out/a.edi', 'already here')
      const { transfer } = await send(strategy)
      expect(transfer).toMatchObject({
        state: 'failed',
        error: {
          kind: 'already-exists',
          message: `A file named "out/a.edi" is already on ${server.host}. Nothing was replaced; rename your file or wait until the gateway has taken the other one.`,
        },
      })
      expect(server.tree.content('out/a.edi')?.toString()).toBe('already here')
      expect(steps()).toEqual(['1 stat out/a.edi'])
    })

    it('fails when the server kept fewer bytes than were sent, and removes what it kept', async () => {
      server.faults.keepsOnlyBytes = MIB
      const { transfer } = await send(strategy)
      expect(transfer).toMatchObject({
        state: 'failed',
        error: {
          kind: 'verify-failed',
          message: `"out/a.edi" on ${server.host} has ${MIB} bytes, but ${content.length} were sent. Send it again.`,
        },
      })
      expect(names()).toEqual([])
      expect(server.sent('remove')).toHaveLength(1)
    })

    it('removes what it wrote when cancelled', async () => {
      const recorded = recordedQueue()
      const source = server.source()
      const transfer = await recorded.run((control) =>
        sendOne(source, local, at('out/a.edi'), strategy, {
          ...control,
          progress: (done, total) => {
            control.progress(done, total)
            recorded.queue.cancel(control.id)
          },
        }),
      )
      expect(transfer.state).toBe('cancelled')
      expect(server.sent('write').length).toBeGreaterThan(0)
      expect(names()).toEqual([])
    })

    it('starts again on the new connection after a drop mid-upload, having removed what the first attempt left', async () => {
      server.faults.dropAfterBytes = MIB
      const { transfer, states } = await send(strategy)
      expect(transfer.state).toBe('done')
      expect(states).toContain('reconnecting')
      expect(server.tree.content('out/a.edi')?.equals(content)).toBe(true)
      expect(names()).toEqual(['a.edi'])
      const firstTarget = server.sent('open')[0]?.path
      expect(server.sent('remove').map((request) => [request.connection, request.path])).toEqual([
        [2, firstTarget],
      ])
    })

    it('says a partial copy may be left when the connection is gone and cannot be reconnected', async () => {
      server.faults.dropAfterBytes = MIB
      const session = server.connect()
      const recorded = recordedQueue()
      const transfer = await recorded.run((control) =>
        sendOne(fixedSession(session), local, at('out/a.edi'), strategy, control),
      )
      expect(transfer).toMatchObject({ state: 'failed', error: { kind: 'connection-lost' } })
    })
  })

  describe('after a drop, the attempt before is settled first', () => {
    it.each([
      ['still there', false],
      ['taken by the gateway meanwhile', true],
    ])('direct: written and closed counts as arrived (%s)', async (_label, taken) => {
      server.faults.delay = (request) => {
        if (request.op === 'close' && request.connection === 1) {
          // The file is complete; the size check after the close is cut off by a drop.
          server.faults.dropAt = { op: 'stat', path: 'out/a.edi', when: 'before' }
          if (taken) server.tree.remove('out/a.edi')
        }
        return 0
      }
      const { transfer, states } = await send('direct')
      expect(transfer.state).toBe('done')
      expect(states).toContain('reconnecting')
      expect(server.sent('open')).toHaveLength(1)
      expect(server.sent('remove')).toEqual([])
      if (!taken) expect(server.tree.content('out/a.edi')?.equals(content)).toBe(true)
      else expect(names()).toEqual([])
    })

    it('direct: a partial object left by a drop after the close is removed and sent again', async () => {
      // An S3-backed server acknowledged every write but kept only part of the file.
      server.faults.keepsOnlyBytes = MIB
      server.faults.delay = (request) => {
        if (request.op === 'close' && request.connection === 1) {
          server.faults.dropAt = { op: 'stat', path: 'out/a.edi', when: 'before' }
          // The next connection's server keeps what it is sent.
          queueMicrotask(() => (server.faults.keepsOnlyBytes = undefined))
        }
        return 0
      }
      const { transfer } = await send('direct')
      expect(transfer.state).toBe('done')
      expect(server.sent('open')).toHaveLength(2)
      expect(server.sent('remove').map((request) => request.path)).toEqual(['out/a.edi'])
      expect(server.tree.content('out/a.edi')?.equals(content)).toBe(true)
    })

    it('temp-rename: a rename that went through before the drop counts, and nothing is sent again', async () => {
      server.faults.dropAt = { op: 'posix-rename', when: 'after' }
      const { transfer, states } = await send('temp-rename')
      expect(transfer.state).toBe('done')
      expect(states).toContain('reconnecting')
      expect(server.tree.content('out/a.edi')?.equals(content)).toBe(true)
      expect(names()).toEqual(['a.edi'])
      expect(server.sent('open')).toHaveLength(1)
      expect(server.sent('remove')).toEqual([])
    })

    it('temp-rename: a rename cut off before the server did it leaves the hidden copy, which is removed and sent again', async () => {
      server.faults.dropAt = { op: 'posix-rename', when: 'before' }
      const { transfer } = await send('temp-rename')
      expect(transfer.state).toBe('done')
      expect(names()).toEqual(['a.edi'])
      expect(server.sent('open')).toHaveLength(2)
      expect(server.sent('remove').map((request) => request.path)).toEqual([
        server.sent('open')[0]?.path,
      ])
    })
  })
})
