import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FileEntryWithStats, SFTPWrapper } from 'ssh2'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFileServer } from '../../src/demo/sftp-file-server'
import { MailroomError } from '../../src/main/core/errors'
import { READDIR_IN_FLIGHT, readDirectory } from '../../src/main/core/sftp/read-directory'
import type { SftpSession } from '../../src/main/core/sftp/sftp-session'
import { startProftpd } from '../fixtures/proftpd-server'
import { ed25519KeyFile, startSshd, type TestSshd } from '../fixtures/sshd-server'
import { openTrustingSession, type LoginTarget } from '../fixtures/trusting-session'

/** A server to list on, with folders `n-<count>` of `count` files each. */
interface ListingServer extends LoginTarget {
  /** Ends every open connection from the server side; only where the server can. */
  readonly dropConnections?: () => void
  stop(): Promise<void>
}

const SIZES = [0, 1, 99, 100, 101, 250, 10_000]
const BIG = 10_000

function fill(writeFile: (relativePath: string, content: string) => unknown): void {
  for (const count of SIZES)
    for (let index = 0; index < count; index += 1)
      writeFile(`n-${count}/file-${String(index).padStart(5, '0')}.txt`, 'x')
}

async function sshd(): Promise<ListingServer> {
  const server: TestSshd = await startSshd()
  fill(server.writeFile)
  // An empty folder, owned as the others are: write a file and remove it again.
  rmSync(server.writeFile('n-0/.gone', ''))
  return server
}

async function proftpd(): Promise<ListingServer> {
  const server = await startProftpd({ folders: ['n-0'] })
  fill(server.writeFile)
  return server
}

async function demo(): Promise<ListingServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-read-directory-demo-'))
  const root = join(dir, 'root')
  for (const count of SIZES) mkdirSync(join(root, `n-${count}`), { recursive: true })
  fill((relativePath, content) => writeFileSync(join(root, relativePath), content))
  const clientKeyPath = ed25519KeyFile(join(dir, 'client_ed25519'), 'read-directory-test')
  const authorized = [readFileSync(`${clientKeyPath}.pub`, 'utf8').trim()]
  const server = await startFileServer([
    { username: 'mailroom', root, authorizedKeys: () => authorized, refuseSetstat: false },
  ])
  return {
    host: '127.0.0.1',
    port: server.port,
    username: 'mailroom',
    clientKeyPath,
    stop: async () => {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** ssh2's SFTP channel inside a session (a private field), for calling readDirectory directly. */
function wrapperOf(session: SftpSession): SFTPWrapper {
  return (session as unknown as { sftp: SFTPWrapper }).sftp
}

/** The channel, with its READDIRs counted: how many were sent, and the most answered-for at once. */
function counted(sftp: SFTPWrapper) {
  const counts = { sent: 0, outstanding: 0, most: 0 }
  const wrapped = new Proxy(sftp, {
    get(target, property) {
      if (property === 'readdir')
        return (handle: Buffer, callback: (error: Error | undefined, list: unknown) => void) => {
          counts.sent += 1
          counts.outstanding += 1
          counts.most = Math.max(counts.most, counts.outstanding)
          target.readdir(handle, (error, list) => {
            counts.outstanding -= 1
            callback(error, list)
          })
        }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { sftp: wrapped, counts }
}

const call = <T>(start: (done: (error: Error | null | undefined, value: T) => void) => void) =>
  new Promise<T>((resolve, reject) =>
    start((error, value) => (error ? reject(error) : resolve(value))),
  )
const opendir = (sftp: SFTPWrapper, path: string) =>
  call<Buffer>((done) => sftp.opendir(path, done))
const close = (sftp: SFTPWrapper, handle: Buffer) =>
  call<undefined>((done) => sftp.close(handle, (error) => done(error, undefined)))

/** What the session reads today: one READDIR after another, until EOF. */
async function sequentialNames(sftp: SFTPWrapper, path: string): Promise<string[]> {
  const handle = await opendir(sftp, path)
  const names: string[] = []
  try {
    for (;;) {
      const batch = await call<FileEntryWithStats[] | false>((done) =>
        sftp.readdir(handle, (error, list) =>
          (error as { code?: number } | undefined)?.code === 1
            ? done(null, false)
            : done(error, list),
        ),
      )
      if (batch === false) return names
      for (const entry of batch) names.push(entry.filename)
    }
  } finally {
    await close(sftp, handle)
  }
}

const expectedNames = (count: number) =>
  Array.from({ length: count }, (_, index) => `file-${String(index).padStart(5, '0')}.txt`)

describe.each([
  ['OpenSSH sshd', sshd],
  ['ProFTPD', proftpd],
  ['the demo server', demo],
] as const)('readDirectory against %s', (_, start) => {
  let server: ListingServer
  let session: SftpSession
  let sftp: SFTPWrapper

  beforeAll(async () => {
    server = await start()
  })
  afterAll(async () => {
    await server?.stop()
  })
  beforeEach(async () => {
    session = await openTrustingSession(server)
    sftp = wrapperOf(session)
  })
  afterEach(() => {
    session?.close()
  })

  /** Lists `path` with `requestsInFlight`, closing the handle after; with the READDIR counts. */
  const list = async (path: string, requestsInFlight: number) => {
    const { sftp: countedSftp, counts } = counted(sftp)
    const handle = await opendir(sftp, path)
    const batches: number[] = []
    try {
      const entries = await readDirectory(countedSftp, handle, {
        requestsInFlight,
        onBatch: (batch) => batches.push(batch.length),
      })
      expect(counts.outstanding).toBe(0)
      return { names: entries.map((entry) => entry.filename), batches, counts }
    } finally {
      await close(sftp, handle)
    }
  }

  // 1 as today and in conservative mode, then pipelined, up to what list() uses.
  describe.each([...new Set([1, 4, 16, READDIR_IN_FLIGHT])])(
    'with %i requests in flight',
    (requestsInFlight) => {
      it.each(SIZES)(
        'a folder of %i entries gives the names of sequential READDIR, in its order',
        async (count) => {
          const sequential = await sequentialNames(sftp, `n-${count}`)
          expect([...sequential].sort()).toEqual(expectedNames(count))

          const { names, batches, counts } = await list(`n-${count}`, requestsInFlight)
          expect(names).toEqual(sequential)
          // Each batch reported once, in order, adding up to the whole folder.
          expect(batches.reduce((sum, size) => sum + size, 0)).toBe(count)
          // Never more in flight than asked, and none sent once a reply said EOF: those after the
          // last batch are at most the ones already in flight.
          expect(counts.most).toBeLessThanOrEqual(requestsInFlight)
          expect(counts.sent).toBeGreaterThan(batches.length)
          expect(counts.sent).toBeLessThanOrEqual(batches.length + requestsInFlight)
          if (count === BIG) expect(counts.most).toBe(requestsInFlight)
        },
      )
    },
  )

  it('with 1 in flight, sends one READDIR per batch and one for the EOF, one at a time', async () => {
    const { batches, counts } = await list(`n-${BIG}`, 1)
    expect(counts).toEqual({ sent: batches.length + 1, outstanding: 0, most: 1 })
  })

  it('propagates the error of a READDIR on a handle closed mid-listing, once all are answered', async () => {
    for (const requestsInFlight of [1, 16]) {
      const { sftp: countedSftp, counts } = counted(sftp)
      const handle = await opendir(sftp, `n-${BIG}`)
      let batches = 0
      const listing = readDirectory(countedSftp, handle, {
        requestsInFlight,
        onBatch: () => {
          batches += 1
          if (batches === 1) sftp.close(handle, () => undefined)
        },
      })
      const error: unknown = await listing.catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(Error)
      const code = (error as { code?: unknown }).code
      expect(typeof code === 'number' && code > 1).toBe(true)
      expect(counts.outstanding).toBe(0)
      expect(batches).toBeLessThan(BIG / 100)
    }
  })

  it('propagates an error thrown by the batch callback, once all are answered', async () => {
    const { sftp: countedSftp, counts } = counted(sftp)
    const handle = await opendir(sftp, `n-${BIG}`)
    try {
      const failure = new Error('callback failed')
      await expect(
        readDirectory(countedSftp, handle, {
          requestsInFlight: 16,
          onBatch: () => {
            throw failure
          },
        }),
      ).rejects.toBe(failure)
      expect(counts.outstanding).toBe(0)
      expect(counts.sent).toBe(16)
    } finally {
      await close(sftp, handle)
    }
  })

  it('stops when aborted between batches, answers all in flight, and leaves the session usable', async () => {
    const controller = new AbortController()
    const { sftp: countedSftp, counts } = counted(sftp)
    const handle = await opendir(sftp, `n-${BIG}`)
    let batches = 0
    try {
      const error: unknown = await readDirectory(countedSftp, handle, {
        requestsInFlight: 16,
        signal: controller.signal,
        onBatch: () => {
          batches += 1
          controller.abort()
        },
      }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(MailroomError)
      expect((error as MailroomError).kind).toBe('cancelled')
      expect(batches).toBe(1)
      expect(counts.outstanding).toBe(0)
      expect(counts.sent).toBe(16)
    } finally {
      await close(sftp, handle)
    }
    const again = await list(`n-${BIG}`, 16)
    expect([...again.names].sort()).toEqual(expectedNames(BIG))
  })

  it('sends nothing when aborted before it starts', async () => {
    const { sftp: countedSftp, counts } = counted(sftp)
    const handle = await opendir(sftp, `n-${BIG}`)
    try {
      await expect(
        readDirectory(countedSftp, handle, {
          requestsInFlight: 16,
          signal: AbortSignal.abort(),
        }),
      ).rejects.toMatchObject({ kind: 'cancelled' })
      expect(counts.sent).toBe(0)
    } finally {
      await close(sftp, handle)
    }
  })

  it('refuses a count of requests in flight below 1', async () => {
    const handle = await opendir(sftp, 'n-1')
    try {
      expect(() => readDirectory(sftp, handle, { requestsInFlight: 0 })).toThrow(RangeError)
    } finally {
      await close(sftp, handle)
    }
  })

  it('fails, not hangs, when the connection drops mid-listing', async (context) => {
    const drop = server.dropConnections
    if (!drop) {
      console.log(
        'Skipped the dropped-connection listing test here: only the sshd fixture can cut its connections.',
      )
      return context.skip()
    }
    const { sftp: countedSftp, counts } = counted(sftp)
    const handle = await opendir(sftp, `n-${BIG}`)
    let batches = 0
    await expect(
      readDirectory(countedSftp, handle, {
        requestsInFlight: 16,
        onBatch: () => {
          batches += 1
          if (batches === 1) drop()
        },
      }),
    ).rejects.toThrow(/no response/i)
    expect(counts.outstanding).toBe(0)
  })
})
