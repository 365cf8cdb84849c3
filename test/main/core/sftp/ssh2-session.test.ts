import { EventEmitter } from 'node:events'
import type { Client, FileEntryWithStats, SFTPWrapper } from 'ssh2'
import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { silentLogger, type Logger } from '../../../../src/main/core/logging/logger'
import { Ssh2Session } from '../../../../src/main/core/sftp/ssh2-session'
import { remotePath } from '../../../../src/shared/remote-path'

/**
 * An SFTP channel that never answers: what ssh2 does with a request sent after the channel's
 * end arrived (it keeps it, and the end's clean-up, which fails the waiting ones, has run).
 */
function silentChannel(ended = false) {
  const client = new EventEmitter()
  const sftp = Object.assign(new EventEmitter(), {
    readable: !ended,
    sent: [] as string[],
    stat(path: string) {
      sftp.sent.push(`stat ${path}`)
    },
    open(path: string) {
      sftp.sent.push(`open ${path}`)
    },
  })
  const session = new Ssh2Session(
    client as unknown as Client,
    sftp as unknown as SFTPWrapper,
    'sftp.example.test',
    { type: 'ssh-ed25519', fingerprint: 'SHA256:test' },
    silentLogger,
  )
  return { client, sftp, session }
}

describe('Ssh2Session when the channel ends', () => {
  it('fails a request that is waiting when the channel ends, instead of waiting for ever', async () => {
    const { sftp, session } = silentChannel()
    const waiting = session.stat(remotePath.parse('pickup/a.edi'))
    expect(sftp.sent).toEqual(['stat pickup/a.edi'])
    sftp.emit('end')
    await expect(waiting).rejects.toMatchObject({ kind: 'connection-lost' })
  })

  it('fails at once a request made after the end, without sending it', async () => {
    const { sftp, session } = silentChannel()
    sftp.emit('end')
    await expect(session.stat(remotePath.parse('pickup/b.edi'))).rejects.toMatchObject({
      kind: 'connection-lost',
    })
    expect(sftp.sent).toEqual([])
  })

  it('takes a channel that had already ended before the session was made as ended', async () => {
    const { sftp, session } = silentChannel(true)
    await expect(session.stat(remotePath.parse('pickup/d.edi'))).rejects.toMatchObject({
      kind: 'connection-lost',
    })
    expect(sftp.sent).toEqual([])
    expect(session.isOpen).toBe(false)
  })

  it('fails the waiting requests when the connection closes too', async () => {
    const { client, session } = silentChannel()
    const waiting = session.stat(remotePath.parse('pickup/c.edi'))
    client.emit('close')
    await expect(waiting).rejects.toMatchObject({ kind: 'connection-lost' })
  })
})

const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000

type Callback = (error: Error | undefined, ...values: unknown[]) => void

/**
 * An SFTP channel that answers, on a later turn, as ssh2's SFTPWrapper does: with the private
 * fields ssh2 keeps the server's limits and extensions on, and a record of every call.
 */
function answeringChannel(
  fields: Record<string, unknown> = {},
  batches: FileEntryWithStats[][] = [],
) {
  const calls: string[] = []
  const later = (callback: Callback, ...values: unknown[]) =>
    setImmediate(() => callback(undefined, ...values))
  const queue = [...batches]
  const channel = Object.assign(new EventEmitter(), fields, {
    readable: true,
    calls,
    open(path: string, mode: string, callback: Callback) {
      calls.push(`open ${path} ${mode}`)
      later(callback, Buffer.from(`handle:${path}`))
    },
    read(
      handle: Buffer,
      buffer: Buffer,
      offset: number,
      length: number,
      position: number,
      callback: Callback,
    ) {
      calls.push(`read ${handle.toString()} ${position} ${length}`)
      buffer.fill(7, offset, offset + length)
      later(callback, length)
    },
    fstat(handle: Buffer, callback: Callback) {
      calls.push(`fstat ${handle.toString()}`)
      later(callback, { mode: S_IFREG | 0o644, size: 42, mtime: 1_700_000_000 })
    },
    close(handle: Buffer, callback: Callback) {
      calls.push(`close ${handle.toString()}`)
      later(callback)
    },
    stat(path: string, callback: Callback) {
      calls.push(`stat ${path}`)
      if (path.endsWith('missing'))
        setImmediate(() => callback(Object.assign(new Error('No such file'), { code: 2 })))
      else later(callback, { mode: S_IFDIR | 0o755, size: 4096, mtime: 1_700_000_001 })
    },
    rename(from: string, to: string, callback: Callback) {
      calls.push(`rename ${from} ${to}`)
      later(callback)
    },
    ext_openssh_rename(from: string, to: string, callback: Callback) {
      calls.push(`posix-rename ${from} ${to}`)
      later(callback)
    },
    opendir(path: string, callback: Callback) {
      calls.push(`opendir ${path}`)
      later(callback, Buffer.from(`dir:${path}`))
    },
    readdir(handle: Buffer, callback: Callback) {
      calls.push(`readdir ${handle.toString()}`)
      const batch = queue.shift()
      if (batch) later(callback, batch)
      else setImmediate(() => callback(Object.assign(new Error('EOF'), { code: 1 })))
    },
  })
  return channel
}

/** A client whose extra channels (`sftp`) are answering channels too. */
function sessionOver(
  fields: Record<string, unknown> = {},
  options: { batches?: FileEntryWithStats[][]; conservative?: boolean; logger?: Logger } = {},
) {
  const extra: Array<ReturnType<typeof answeringChannel>> = []
  const client = Object.assign(new EventEmitter(), {
    ended: 0,
    destroyed: 0,
    end() {
      client.ended += 1
    },
    destroy() {
      client.destroyed += 1
    },
    sftp(callback: (error: Error | undefined, channel: SFTPWrapper) => void) {
      const channel = answeringChannel()
      extra.push(channel)
      setImmediate(() => callback(undefined, channel as unknown as SFTPWrapper))
    },
  })
  const sftp = answeringChannel(fields, options.batches)
  const session = new Ssh2Session(
    client as unknown as Client,
    sftp as unknown as SFTPWrapper,
    'sftp.example.test',
    { type: 'ssh-ed25519', fingerprint: 'SHA256:test' },
    options.logger ?? silentLogger,
    options.conservative,
  )
  return { client, sftp, session, extra }
}

const entry = (
  filename: string,
  mode: number,
  size = 0,
  mtime = 1_700_000_000,
): FileEntryWithStats =>
  ({ filename, longname: filename, attrs: { mode, size, mtime } }) as unknown as FileEntryWithStats

const path = (text: string) => remotePath.parse(text)

describe("Ssh2Session's limits", () => {
  it("reads them from ssh2's fields, reads kept to one SSH packet", () => {
    const { session } = sessionOver({
      _maxReadLen: 261_120,
      _maxWriteLen: 261_120,
      maxOpenHandles: 64,
    })
    expect(session.limits).toEqual({
      readBytes: 32 * 1024 - 13,
      writeBytes: 261_120,
      openHandles: 64,
    })
  })

  it('clamps absurd values: 2^40 bytes, and Infinity handles (ssh2 for "no limit")', () => {
    const { session } = sessionOver({
      _maxReadLen: 2 ** 40,
      _maxWriteLen: 2 ** 40,
      maxOpenHandles: Infinity,
    })
    expect(session.limits).toEqual({
      readBytes: 32 * 1024 - 13,
      writeBytes: 256 * 1024,
      openHandles: undefined,
    })
  })

  it('falls back to 32 KiB where ssh2 has no limits (the server did not state them)', () => {
    const { session } = sessionOver({})
    expect(session.limits).toEqual({
      readBytes: 32 * 1024 - 13,
      writeBytes: 32 * 1024,
      openHandles: undefined,
    })
  })

  it('keeps writes to 32 KiB in conservative mode', () => {
    const { session } = sessionOver(
      { _maxReadLen: 261_120, _maxWriteLen: 261_120 },
      { conservative: true },
    )
    expect(session.conservative).toBe(true)
    expect(session.limits).toMatchObject({ writeBytes: 32 * 1024 })
  })
})

describe('Ssh2Session.renameIntoPlace', () => {
  it('uses posix-rename@openssh.com when the server offers it', async () => {
    const { session, sftp } = sessionOver({ _extensions: { 'posix-rename@openssh.com': '1' } })
    await session.renameIntoPlace(path('out/.a.part'), path('out/a'))
    expect(sftp.calls).toEqual(['posix-rename out/.a.part out/a'])
  })

  it.each([
    ['no extensions', {}],
    ['other extensions only', { _extensions: { 'statvfs@openssh.com': '2' } }],
    ['another version of it', { _extensions: { 'posix-rename@openssh.com': '2' } }],
  ])('falls back to a plain rename with %s', async (_label, fields) => {
    const { session, sftp } = sessionOver(fields)
    await session.renameIntoPlace(path('out/.a.part'), path('out/a'))
    expect(sftp.calls).toEqual(['rename out/.a.part out/a'])
  })
})

describe("Ssh2Session's channels", () => {
  it('reads a file on the channel that opened it, the login folder sent as "."', async () => {
    const { session, sftp } = sessionOver()
    const handle = await session.open(path('in/a.edi'), 'r')
    const buffer = Buffer.alloc(10)
    expect(await session.read(handle, buffer, 2, 5, 100)).toBe(5)
    expect(await session.fstat(handle)).toEqual({
      kind: 'file',
      size: 42,
      modifiedAt: 1_700_000_000_000,
    })
    await session.closeFile(handle)
    expect(await session.stat(path(''))).toEqual({
      kind: 'directory',
      size: 4096,
      modifiedAt: 1_700_000_001_000,
    })
    expect(sftp.calls).toEqual([
      'open in/a.edi r',
      'read handle:in/a.edi 100 5',
      'fstat handle:in/a.edi',
      'close handle:in/a.edi',
      'stat .',
    ])
  })

  it('refuses a handle used on another channel, and sends nothing', async () => {
    const { session, sftp, extra } = sessionOver()
    const handle = await session.open(path('in/a.edi'), 'r')
    const [other] = await session.extraChannels(1)
    if (!other) throw new Error('no extra channel')
    const refused = {
      kind: 'internal',
      message: 'A handle of in/a.edi was used on another channel.',
    }
    await expect(other.read(handle, Buffer.alloc(4), 0, 4, 0)).rejects.toMatchObject(refused)
    await expect(other.fstat(handle)).rejects.toMatchObject(refused)
    await expect(other.closeFile(handle)).rejects.toMatchObject(refused)
    const own = await other.open(path('in/a.edi'), 'r')
    await expect(session.read(own, Buffer.alloc(4), 0, 4, 0)).rejects.toMatchObject(refused)
    expect(sftp.calls).toEqual(['open in/a.edi r'])
    expect(extra[0]?.calls).toEqual(['open in/a.edi r'])
  })

  it('gives no extra channels once the connection has ended', async () => {
    const { session, client, extra } = sessionOver()
    client.emit('close')
    expect(await session.extraChannels(3)).toEqual([])
    expect(extra).toEqual([])
  })
})

describe('Ssh2Session.list', () => {
  it('skips names no path can address (with "/" or NUL, or empty), and . and ..', async () => {
    const warnings: unknown[] = []
    const logger: Logger = {
      ...silentLogger,
      warn: (message, fields) => warnings.push({ message, fields }),
    }
    const progress: number[] = []
    const { session, sftp } = sessionOver(
      {},
      {
        logger,
        batches: [
          [
            entry('.', S_IFDIR),
            entry('..', S_IFDIR),
            entry('a.edi', S_IFREG, 10),
            entry('evil/../x', S_IFREG),
          ],
          [
            entry('nul\0name', S_IFREG),
            entry('', S_IFREG),
            entry('sub', S_IFDIR),
            entry('link', S_IFLNK),
          ],
        ],
      },
    )
    const listed = await session.list(path('in'), { onProgress: (count) => progress.push(count) })
    expect(listed).toEqual([
      { name: 'a.edi', path: 'in/a.edi', kind: 'file', size: 10, modifiedAt: 1_700_000_000_000 },
      { name: 'sub', path: 'in/sub', kind: 'directory', size: 0, modifiedAt: 1_700_000_000_000 },
      { name: 'link', path: 'in/link', kind: 'symlink', size: 0, modifiedAt: 1_700_000_000_000 },
    ])
    expect(progress).toEqual([1, 3])
    expect(
      warnings.map((warning) => (warning as { fields: { name: string } }).fields.name),
    ).toEqual(['evil/../x', 'nul\0name', ''])
    expect(sftp.calls[0]).toBe('opendir in')
    expect(sftp.calls.at(-1)).toBe('close dir:in')
  })

  it('sends one READDIR at a time in conservative mode', async () => {
    const { session, sftp } = sessionOver(
      {},
      { conservative: true, batches: [[entry('a', S_IFREG)]] },
    )
    await session.list(path(''))
    expect(sftp.calls).toEqual(['opendir .', 'readdir dir:.', 'readdir dir:.', 'close dir:.'])
  })
})

describe('Ssh2Session errors and ending', () => {
  it('names the operation, the path and the host in a failure', async () => {
    const { session } = sessionOver()
    await expect(session.stat(path('in/missing'))).rejects.toMatchObject({
      kind: 'not-found',
      message:
        'Could not read the details of "in/missing" on sftp.example.test: it does not exist (any more).',
    })
  })

  it('close() ends the connection on purpose: no reason told, requests after it refused', async () => {
    const { session, client, sftp } = sessionOver()
    const reasons: unknown[] = []
    session.onClose((reason) => reasons.push(reason))
    session.close()
    session.close()
    expect(client.ended).toBe(1)
    expect(session.isOpen).toBe(false)
    expect(reasons).toEqual([undefined])
    await expect(session.stat(path('a'))).rejects.toMatchObject({ kind: 'connection-lost' })
    expect(sftp.calls).toEqual([])
  })

  it('abandon() ends it as a drop with its reason, and a listener added later hears it too', async () => {
    const { session, client } = sessionOver()
    const reason = new MailroomError('connection-lost', 'gone')
    const heard: unknown[] = []
    session.onClose((why) => heard.push(why))
    session.abandon(reason)
    expect(client.destroyed).toBe(1)
    const late = await new Promise((resolve) => session.onClose(resolve))
    expect(heard).toEqual([reason])
    expect(late).toBe(reason)
    await expect(session.stat(path('a'))).rejects.toBe(reason)
  })

  it('closes a file with nothing sent once the connection has ended (the server closed it)', async () => {
    const { session, sftp, client } = sessionOver()
    const handle = await session.open(path('in/a.edi'), 'r')
    client.emit('error', new Error('read ECONNRESET'))
    await expect(session.closeFile(handle)).resolves.toBeUndefined()
    expect(sftp.calls).toEqual(['open in/a.edi r'])
  })
})
