import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  fixedSession,
  type SessionSource,
} from '../../../../../src/main/core/sessions/across-drops'
import { decryptFile } from '../../../../../src/main/core/pgp/decrypt-file'
import { copyPathFor } from '../../../../../src/main/core/transfer/send/encrypted-copies'
import { planUploads } from '../../../../../src/main/core/transfer/send/send-files'
import { sendOne, type SendHooks } from '../../../../../src/main/core/transfer/send/send-one'
import type { TemporaryFolder, UploadStrategy } from '../../../../../src/shared/presets'
import { at, MemorySftpServer } from '../../../../fixtures/memory-sftp-session'
import { recordedQueue } from '../../../../fixtures/recorded-queue'
import { sendJournalInMemory } from '../../../../fixtures/send-journal-in-memory'
import { testKeyring } from '../../pgp/pgp-test-keyring'

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

  /**
   * Sends a.edi into out/ through a real queue and a send journal; the transfer as it finished
   * and its journal row.
   */
  const send = async (
    strategy: UploadStrategy,
    source: SessionSource = server.source(),
    options: { temporaryFolder?: TemporaryFolder; hooks?: SendHooks } = {},
  ) => {
    const sending = sendJournalInMemory(source, options)
    const upload = await sending.plan(local, at('out/a.edi'), strategy, content.length)
    const recorded = recordedQueue()
    const transfer = await recorded.run((control) => sendOne(sending.context, upload, control))
    return { transfer, states: recorded.states(transfer.id), row: sending.row(upload.id) }
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
      const sending = sendJournalInMemory(server.source())
      const upload = await sending.plan(local, at('out/a.edi'), strategy, content.length)
      const transfer = await recorded.run((control) =>
        sendOne(sending.context, upload, {
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
      const { transfer, row } = await send(strategy, fixedSession(server.connect()))
      expect(transfer).toMatchObject({ state: 'failed', error: { kind: 'connection-lost' } })
      // What it left is the next connection's to deal with: the journal says where it is.
      expect(row).toMatchObject({ status: 'started', size: content.length })
      const left = row?.temporaryPath ?? row?.remotePath
      expect(server.tree.exists(left ?? '')).toBe(true)
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

  describe('the send journal', () => {
    /** At each step boundary: the row as committed, and what the server has at each name. */
    const journaledSteps = async (strategy: UploadStrategy, temporaryFolder?: TemporaryFolder) => {
      const seen: string[] = []
      let row: () => ReturnType<ReturnType<typeof sendJournalInMemory>['row']> = () => undefined
      const hooks: SendHooks = {
        atStep: (step) => {
          const now = row()
          const temporary = now?.temporaryPath
          seen.push(
            `${step}: ${now?.status}, final ${server.tree.exists('out/a.edi') ? 'there' : 'absent'}${temporary ? `, temporary ${server.tree.exists(temporary) ? 'there' : 'absent'}` : ''}`,
          )
        },
      }
      const sending = sendJournalInMemory(server.source(), {
        hooks,
        ...(temporaryFolder ? { temporaryFolder } : {}),
      })
      const upload = await sending.plan(local, at('out/a.edi'), strategy, content.length)
      row = () => sending.row(upload.id)
      expect(row()).toMatchObject({ status: 'queued', size: content.length, strategy })
      const transfer = await recordedQueue().run((control) =>
        sendOne(sending.context, upload, control),
      )
      return { transfer, seen, row: row() }
    }

    it('temp-rename: commits each step before the step that depends on it', async () => {
      const { transfer, seen, row } = await journaledSteps('temp-rename')
      expect(transfer.state).toBe('done')
      expect(seen).toEqual([
        // Its temporary name is on disk before anything is written there.
        'started: started, final absent, temporary absent',
        'uploading: started, final absent, temporary there',
        'uploaded: started, final absent, temporary there',
        // Written whole and checked, journaled before the rename is sent.
        'written: written, final absent, temporary there',
        'renamed: written, final there, temporary absent',
        'sent: sent, final there, temporary absent',
      ])
      expect(row).toMatchObject({
        status: 'sent',
        size: content.length,
        temporaryPath: expect.stringMatching(TEMPORARY),
      })
      expect(row?.serverModifiedAt).toBe(server.tree.stat('out/a.edi').modifiedAt)
    })

    it('direct: started before the file is opened, sent once its size is checked', async () => {
      const { seen, row } = await journaledSteps('direct')
      expect(seen).toEqual([
        'started: started, final absent',
        'uploading: started, final there',
        'uploaded: started, final there',
        'sent: sent, final there',
      ])
      expect(row).toMatchObject({ status: 'sent' })
      expect(row?.temporaryPath).toBeUndefined()
    })

    it.each(['direct', 'temp-rename'] as const)(
      '%s: a journal that cannot record "sent" does not make a file on the server unsent',
      async (strategy) => {
        const sending = sendJournalInMemory(server.source())
        const table = sending.store.sendUploads
        const apply = table.apply.bind(table)
        table.apply = (steps, keepAfter) => {
          if (steps.some((step) => step.step === 'sent')) throw new Error('SQLITE_FULL')
          apply(steps, keepAfter)
        }
        const upload = await sending.plan(local, at('out/a.edi'), strategy, content.length)
        const transfer = await recordedQueue().run((control) =>
          sendOne(sending.context, upload, control),
        )
        expect(transfer.state).toBe('done')
        expect(server.tree.content('out/a.edi')?.equals(content)).toBe(true)
        // Left as started or written: the next connection finds it whole under its name.
        expect(sending.row(upload.id)?.status).toBe(strategy === 'direct' ? 'started' : 'written')
      },
    )

    it('records a send that left nothing on the server as failed, with why', async () => {
      server.tree.addFile('out/a.edi', 'already here')
      const { row } = await send('temp-rename')
      expect(row).toMatchObject({
        status: 'failed',
        outcome: expect.stringContaining('is already on'),
      })
    })
  })

  it("writes the temporary file in the send folder's parent where the gateway takes every file placed in it", async () => {
    server.tree.addFolder('as2/outbox')
    const sending = sendJournalInMemory(server.source(), { temporaryFolder: 'parent' })
    const upload = await sending.plan(local, at('as2/outbox/a.edi'), 'temp-rename', content.length)
    const transfer = await recordedQueue().run((control) =>
      sendOne(sending.context, upload, control),
    )
    expect(transfer.state).toBe('done')
    const temporary = server.sent('open')[0]?.path ?? ''
    expect(temporary).toMatch(/^as2\/\.a\.edi\.[0-9a-f]{8}\.mailroom-part$/)
    expect(sending.row(upload.id)?.temporaryPath).toBe(temporary)
    // Nothing but the whole file, in one rename, ever appears in the outbox.
    expect(
      server.requests
        .filter((request) => request.path.startsWith('as2/outbox/') && request.op !== 'stat')
        .map((request) => request.op),
    ).toEqual([])
    expect(server.sent('posix-rename').map((request) => request.to)).toEqual(['as2/outbox/a.edi'])
    expect(server.tree.content('as2/outbox/a.edi')?.equals(content)).toBe(true)
    expect(server.tree.entries('as2').map(([name]) => name)).toEqual(['outbox'])
  })

  it('keeps the temporary file beside the final name in a send folder that is the login folder', async () => {
    const sending = sendJournalInMemory(server.source(), { temporaryFolder: 'parent' })
    const upload = await sending.plan(local, at('a.edi'), 'temp-rename', content.length)
    await recordedQueue().run((control) => sendOne(sending.context, upload, control))
    expect(server.sent('open')[0]?.path).toMatch(/^\.a\.edi\.[0-9a-f]{8}\.mailroom-part$/)
    expect(server.tree.content('a.edi')?.equals(content)).toBe(true)
  })

  it.each(['direct', 'temp-rename'] as const)(
    '%s: a file that appears under the name during a drop before anything was written is never removed',
    async (strategy) => {
      // The connection drops during the first look at the name; on the next connection a file
      // of someone else's is there: nothing of it is Mailroom's to remove.
      server.faults.dropAt = { op: 'stat', path: 'out/a.edi', when: 'before' }
      server.faults.delay = (request) => {
        if (request.connection === 2 && request.op === 'stat' && !server.tree.exists('out/a.edi'))
          server.tree.addFile('out/a.edi', 'theirs')
        return 0
      }
      const { transfer } = await send(strategy)
      expect(transfer).toMatchObject({ state: 'failed', error: { kind: 'already-exists' } })
      expect(server.tree.content('out/a.edi')?.toString()).toBe('theirs')
      expect(server.sent('remove')).toEqual([])
    },
  )
})

describe('sendOne, encrypted', () => {
  /** a.edi sent into out/ as an encrypted copy made in the data folder, signed by the own key. */
  const sendEncrypted = async (recipient?: string, cancelHalfWay = false) => {
    const { keyring, folder } = testKeyring()
    const own = await keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const server = new MemorySftpServer()
    server.tree.addFolder('out')
    const source = join(folder, 'a.edi')
    const content = randomBytes(200_000)
    writeFileSync(source, content)
    const steps: string[] = []
    const recorded = recordedQueue()
    const sending = sendJournalInMemory(server.source(), {
      hooks: {
        atStep: (step) => {
          steps.push(step)
          const [running] = recorded.queue.list()
          if (cancelHalfWay && step === 'encrypting' && running) recorded.queue.cancel(running.id)
        },
      },
    })
    const encryption = { keyring, folder: join(folder, 'pgp-outgoing') }
    const context = { ...sending.context, encryption }
    const pgp = {
      recipients: [(recipient ?? own.fingerprint) as typeof own.fingerprint],
      signedBy: own.fingerprint,
      armored: false,
    }
    const id = 'upload-1'
    const localPath = copyPathFor(encryption, id, 'a.edi.pgp')
    const [upload] = await planUploads(
      sending.journal,
      sending.profileId,
      at('out'),
      [
        {
          id,
          localPath,
          name: 'a.edi.pgp',
          size: content.length,
          encrypted: { sourcePath: source, pgp },
        },
      ],
      'temp-rename',
    )
    if (!upload) throw new Error('nothing planned')
    const transfer = await recorded.run((control) => sendOne(context, upload, control))
    return {
      transfer,
      server,
      sending,
      id,
      steps,
      encryption,
      keyring,
      folder,
      content,
      own,
      recorded,
    }
  }

  it('shows the encryption as a step of its own, with how far it got, then the upload', async () => {
    const { transfer, recorded, content } = await sendEncrypted()
    expect(recorded.states(transfer.id)).toEqual([
      'queued',
      'running',
      'encrypting',
      'running',
      'verifying',
      'done',
    ])
    expect(recorded.workIn(transfer.id, 'encrypting')).toEqual({
      first: { doneBytes: 0, totalBytes: content.length },
      last: { doneBytes: content.length, totalBytes: content.length },
    })
    // Once sending, the bytes moved count again, and the step's own count is gone.
    const sending = recorded.updates.filter(
      (update) => update.state === 'running' && update.transferredBytes > 0,
    )
    expect(sending.length).toBeGreaterThan(0)
    expect(sending.every((update) => update.work === undefined)).toBe(true)
    expect(transfer.work).toBeUndefined()
  })

  it('makes the copy, journals its size, sends it as name.pgp, and removes the copy', async () => {
    const { transfer, server, sending, id, steps, encryption, keyring, folder, content, own } =
      await sendEncrypted()
    expect(transfer).toMatchObject({ state: 'done' })
    expect(steps.slice(0, 3)).toEqual(['encrypting', 'encrypted', 'started'])
    const sent = server.tree.content('out/a.edi.pgp')
    expect(sent).toBeDefined()
    const row = sending.row(id)
    expect(row).toMatchObject({
      status: 'sent',
      sourcePath: join(folder, 'a.edi'),
      size: sent?.length,
      pgp: { signedBy: own.fingerprint, armored: false },
    })
    expect(row?.encryptedAt).toBeGreaterThan(0)
    expect(existsSync(join(encryption.folder, id))).toBe(false)
    const copy = join(folder, 'received.pgp')
    writeFileSync(copy, sent ?? Buffer.alloc(0))
    const decrypted = await decryptFile(
      { source: copy, folder, name: 'received', policy: 'require' },
      keyring,
    )
    expect(readFileSync(decrypted.path).equals(content)).toBe(true)
  })

  it('a recipient Mailroom does not know fails the file with the reason: journaled failed, nothing on the server, no copy', async () => {
    const { transfer, server, sending, id, steps, encryption } = await sendEncrypted('F'.repeat(40))
    expect(transfer).toMatchObject({
      state: 'failed',
      error: { message: expect.stringMatching(/has no OpenPGP key F{40}: import the partner/) },
    })
    expect(steps).toEqual([])
    expect(sending.row(id)).toMatchObject({
      status: 'failed',
      outcome: expect.stringMatching(/no OpenPGP key/),
    })
    expect(server.tree.entries('out')).toEqual([])
    expect(existsSync(join(encryption.folder, id))).toBe(false)
  })

  it('cancelled while encrypting: the encryption stops, nothing on the server, no copy left', async () => {
    const { transfer, server, sending, id, steps, encryption } = await sendEncrypted(
      undefined,
      true,
    )
    expect(transfer.state).toBe('cancelled')
    expect(steps).toEqual(['encrypting'])
    expect(sending.row(id)).toMatchObject({
      status: 'failed',
      outcome: 'Encrypting "a.edi" was cancelled.',
    })
    expect(sending.row(id)?.encryptedAt).toBeUndefined()
    expect(server.tree.entries('out')).toEqual([])
    expect(existsSync(join(encryption.folder, id))).toBe(false)
  })
})
