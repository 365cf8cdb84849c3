import { once } from 'node:events'
import type { Stats } from 'node:fs'
import {
  appendFile,
  type FileHandle,
  mkdir,
  open,
  readdir,
  rename,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { join, normalize, relative, sep } from 'node:path'
import ssh2, { type Connection, type ParsedKey } from 'ssh2'
import { generateEd25519KeyFile } from '../main/core/keys/generate-key'

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp

/** One account of the demo server: a login name, the keys it accepts, and its own folder. */
export interface DemoAccount {
  readonly username: string
  readonly root: string
  readonly authorizedKeys: () => readonly string[]
  /** S3-backed servers (MFT Gateway) refuse SETSTAT. */
  readonly refuseSetstat: boolean
}

/** AS2 Gateway's fair-usage limits: new connections a minute, and open at once, per address. */
export interface ConnectionLimit {
  readonly perMinute: number
  readonly atOnce: number
}

export interface FileServerEvents {
  /** A login was accepted (a key proven by its signature). */
  readonly onLogin?: (account: DemoAccount) => void
  /** A file written through OPEN with CREATE was closed: an upload straight to its name. */
  readonly onUpload?: (account: DemoAccount, path: string) => void
  /** Every request, for tests that prove what a client sent (e.g. no SETSTAT). */
  readonly onRequest?: (account: DemoAccount, request: string, path: string) => void
}

/** Faults for tests, of the kinds a real server produces now and then. */
export interface FileServerFaults {
  /** End the connection once this many bytes of file data have been read on it. */
  readonly dropAfterReadBytes?: number
  /** Hold every reply this long (a slow or distant server). */
  readonly delayMs?: number
  /** Carry file data at this many bytes a second on each connection (a slow link). */
  readonly bytesPerSecond?: number
  /** Append to a file right after its first read, as if it were still being written. */
  readonly growWhileRead?: boolean
  /**
   * Files that exist only in listings and reads, in a folder relative to the account's root: for
   * names no Linux file system allows ("/", NUL, over 255 bytes) and folders of 100,000 entries.
   * Each reads as "virtual:<name>"; deleting one removes it from the listing.
   */
  readonly virtualFiles?: { readonly folder: string; readonly names: readonly string[] }
}

export interface FileServer {
  readonly port: number
  readonly hostKeyPublic: string
  /** So a second listener of the same host can show the same key. */
  readonly hostKeyPrivate: string
  stop(): Promise<void>
}

type Handle =
  | {
      kind: 'file'
      file: FileHandle
      path: string
      created: boolean
      /** The request on this file being served: the next waits for it (inTurn). */
      turn: Promise<void>
    }
  | { kind: 'virtual'; name: string; data: Buffer }
  | {
      kind: 'dir'
      path: string
      clientPath: string
      entries?: Promise<ssh2.FileEntry[]>
      next: number
    }

// How many bytes of names one READDIR reply carries at most. Clients refuse a packet over their
// limit (ssh2: 256 KiB) and drop the connection; OpenSSH's sftp-server sends about 100 names.
const NAME_REPLY_BYTES = 32_000

/**
 * A real SFTP server on ssh2's server mode, serving each account its own folder on disk: what
 * the demo gateway runs on, and what tests use for behaviour OpenSSH cannot show. Loopback only,
 * key login only. Paths are confined to the account's folder.
 */
export async function startFileServer(
  accounts: readonly DemoAccount[],
  events: FileServerEvents = {},
  options: {
    port?: number
    hostKey?: string
    faults?: FileServerFaults
    connectionLimit?: ConnectionLimit
  } = {},
): Promise<FileServer> {
  const hostKey = options.hostKey ?? generateEd25519KeyFile('mailroom-demo-gateway').privateKey
  // Virtual files deleted on one connection stay deleted for the next, as real files would.
  const virtualNames = new Set(options.faults?.virtualFiles?.names ?? [])

  const server = new ssh2.Server(
    { hostKeys: [hostKey], ident: 'MailroomDemoGateway_1.0' },
    (client: Connection) => {
      let account: DemoAccount | undefined
      client.on('authentication', (context) => {
        const candidate = accounts.find((item) => item.username === context.username)
        if (!candidate || context.method !== 'publickey') return context.reject(['publickey'])
        const offered = context.key
        const key = candidate
          .authorizedKeys()
          .map((line) => ssh2.utils.parseKey(line) as ParsedKey | Error)
          .find(
            (parsed): parsed is ParsedKey =>
              !(parsed instanceof Error) &&
              parsed.type === offered.algo &&
              parsed.getPublicSSH().equals(offered.data),
          )
        if (!key) return context.reject(['publickey'])
        if (context.signature && context.blob) {
          if (key.verify(context.blob, context.signature, context.hashAlgo) !== true)
            return context.reject(['publickey'])
        } else if (!context.signature) {
          return context.accept()
        }
        account = candidate
        events.onLogin?.(candidate)
        context.accept()
      })
      client.on('ready', () => {
        client.on('session', (accept) => {
          accept().on('sftp', (acceptSftp) => {
            if (account)
              serveSftp(acceptSftp(), account, events, options.faults ?? {}, virtualNames, () =>
                client.end(),
              )
          })
        })
      })
      client.on('error', () => undefined)
    },
  )
  // Our own listener, so a connection over the limit is closed before the SSH greeting, the way
  // a throttled gateway (or OpenSSH's MaxStartups) closes it: the client sees no banner at all.
  const admit = connectionGate(options.connectionLimit)
  const sockets = new Set<Socket>()
  const listener = createServer((socket) => {
    if (!admit(socket)) return socket.destroy()
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    // Without TCP_NODELAY each small reply waits for the client's delayed ACK (~40 ms a round
    // trip): listing 100,000 names took 8.7 s.
    socket.setNoDelay(true)
    server.injectSocket(socket)
  })
  listener.listen(options.port ?? 0, '127.0.0.1')
  await once(listener, 'listening')
  return {
    port: (listener.address() as AddressInfo).port,
    hostKeyPublic: publicOf(hostKey),
    hostKeyPrivate: hostKey,
    // Stopping ends every open connection too, as a server going down does.
    stop: () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

/** Counts connections per address: true to admit one, false when it is over the limit. */
function connectionGate(limit: ConnectionLimit | undefined): (socket: Socket) => boolean {
  const recent = new Map<string, number[]>()
  const open = new Map<string, number>()
  return (socket) => {
    if (!limit) return true
    const address = socket.remoteAddress ?? ''
    const now = Date.now()
    const lastMinute = (recent.get(address) ?? []).filter((at) => now - at < 60_000)
    if (lastMinute.length >= limit.perMinute || (open.get(address) ?? 0) >= limit.atOnce)
      return false
    recent.set(address, [...lastMinute, now])
    open.set(address, (open.get(address) ?? 0) + 1)
    socket.once('close', () => open.set(address, Math.max(0, (open.get(address) ?? 1) - 1)))
    return true
  }
}

/** OPEN's flags by name, as OpenSSH's sftp-server logs them: "WRITE,CREATE,TRUNCATE". */
function openFlagNames(flags: number): string {
  const names: Array<[keyof typeof OPEN_MODE, string]> = [
    ['READ', 'READ'],
    ['WRITE', 'WRITE'],
    ['APPEND', 'APPEND'],
    ['CREAT', 'CREATE'],
    ['TRUNC', 'TRUNCATE'],
    ['EXCL', 'EXCL'],
  ]
  return names
    .filter(([mode]) => (flags & OPEN_MODE[mode]) !== 0)
    .map(([, name]) => name)
    .join(',')
}

/** How long to hold a reply carrying `bytes` so that the link runs at `bytesPerSecond`. */
function slowLink(bytesPerSecond: number | undefined): (bytes: number) => number {
  let freeAt = 0
  return (bytes) => {
    if (!bytesPerSecond) return 0
    const now = Date.now()
    freeAt = Math.max(now, freeAt) + (bytes * 1000) / bytesPerSecond
    return freeAt - now
  }
}

function serveSftp(
  sftp: ssh2.SFTPWrapper,
  account: DemoAccount,
  events: FileServerEvents,
  faults: FileServerFaults,
  virtualNames: Set<string>,
  drop: () => void,
): void {
  if (faults.delayMs) {
    const delay = faults.delayMs
    for (const method of ['status', 'data', 'name', 'attrs', 'handle'] as const) {
      const original = sftp[method].bind(sftp) as (...args: unknown[]) => boolean
      ;(sftp as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        setTimeout(() => original(...args), delay)
        return true
      }
    }
  }
  let readBytes = 0
  const linkWait = slowLink(faults.bytesPerSecond)
  const afterLink = (bytes: number, reply: () => void) => {
    const wait = linkWait(bytes)
    if (wait > 0) setTimeout(reply, wait)
    else reply()
  }
  const grown = new Set<string>()
  const virtual = faults.virtualFiles
  const virtualName = (path: string): string | undefined => {
    if (!virtual) return undefined
    const prefix = `${virtual.folder}/`
    const clean = path.replace(/^\/+/, '')
    return clean.startsWith(prefix) && virtualNames.has(clean.slice(prefix.length))
      ? clean.slice(prefix.length)
      : undefined
  }
  const virtualData = (name: string) => Buffer.from(`virtual:${name}`)
  const virtualAttrs = (name: string) => ({
    mode: 0o100644,
    uid: 0,
    gid: 0,
    size: virtualData(name).length,
    atime: 1_700_000_000,
    mtime: 1_700_000_000,
  })
  const handles = new Map<string, Handle>()
  let next = 0
  const keep = (handle: Handle) => {
    const id = Buffer.from(String(next++))
    handles.set(id.toString(), handle)
    return id
  }
  /** The path on disk for a client path, or undefined when it would leave the account's folder. */
  const local = (path: string): string | undefined => {
    const inside = normalize(path.replace(/^\/+/, '') || '.')
    const full = join(account.root, inside)
    const rel = relative(account.root, full)
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep)) ? full : undefined
  }
  const fail = (reqid: number, error: unknown) => {
    const code = (error as { code?: string }).code
    sftp.status(
      reqid,
      code === 'ENOENT'
        ? STATUS_CODE.NO_SUCH_FILE
        : code === 'EACCES' || code === 'EPERM'
          ? STATUS_CODE.PERMISSION_DENIED
          : STATUS_CODE.FAILURE,
    )
  }
  const log = (request: string, path: string) => events.onRequest?.(account, request, path)
  const attrsOf = (info: Stats) => ({
    mode: info.mode,
    uid: 0,
    gid: 0,
    size: info.size,
    atime: Math.floor(info.atimeMs / 1000),
    mtime: Math.floor(info.mtimeMs / 1000),
  })
  const withPath = (
    reqid: number,
    path: string,
    request: string,
    action: (full: string) => Promise<void>,
  ) => {
    log(request, path)
    const full = local(path)
    if (!full) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED)
    action(full).catch((error: unknown) => fail(reqid, error))
  }

  sftp.on('REALPATH', (reqid, path) =>
    sftp.name(reqid, [
      {
        filename: path === '.' || path === '' ? '/' : `/${path.replace(/^\/+/, '')}`,
        longname: '',
        attrs: {} as never,
      },
    ]),
  )
  for (const request of ['STAT', 'LSTAT'] as const) {
    sftp.on(request, (reqid: number, path: string) => {
      const name = virtualName(path)
      if (name !== undefined) return sftp.attrs(reqid, virtualAttrs(name))
      return withPath(
        reqid,
        path,
        request,
        async (full) => void sftp.attrs(reqid, attrsOf(await stat(full))),
      )
    })
  }
  sftp.on('OPEN', (reqid, path, flags) => {
    const name = virtualName(path)
    if (name !== undefined)
      return sftp.handle(reqid, keep({ kind: 'virtual', name, data: virtualData(name) }))
    return withPath(reqid, path, `OPEN ${openFlagNames(flags)}`, async (full) => {
      const write = (flags & OPEN_MODE.WRITE) !== 0
      const mode = write
        ? (flags & OPEN_MODE.EXCL) !== 0
          ? 'wx'
          : (flags & OPEN_MODE.TRUNC) !== 0 || (flags & OPEN_MODE.CREAT) !== 0
            ? 'w'
            : 'r+'
        : 'r'
      const file = await open(full, mode)
      sftp.handle(
        reqid,
        keep({
          kind: 'file',
          file,
          path,
          created: write && (flags & OPEN_MODE.CREAT) !== 0,
          turn: Promise.resolve(),
        }),
      )
    })
  })
  // Requests on one file are served in the order they came, as the protocol requires
  // (draft-ietf-secsh-filexfer-02, 6.1): an FSTAT or CLOSE sent behind reads waits for them.
  const inTurn = (handle: Extract<Handle, { kind: 'file' }>, serve: () => Promise<unknown>) => {
    handle.turn = handle.turn.then(serve).then(
      () => {},
      () => {},
    )
  }
  sftp.on('READ', (reqid, id, offset, length) => {
    const handle = handles.get(id.toString())
    if (handle?.kind === 'virtual') {
      return offset >= handle.data.length
        ? sftp.status(reqid, STATUS_CODE.EOF)
        : sftp.data(reqid, handle.data.subarray(offset, offset + length))
    }
    if (handle?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE)
    const buffer = Buffer.alloc(length)
    inTurn(handle, () =>
      handle.file.read(buffer, 0, length, offset).then(
        async ({ bytesRead }) => {
          if (bytesRead === 0) return sftp.status(reqid, STATUS_CODE.EOF)
          readBytes += bytesRead
          if (faults.dropAfterReadBytes !== undefined && readBytes > faults.dropAfterReadBytes)
            return drop()
          afterLink(bytesRead, () => sftp.data(reqid, buffer.subarray(0, bytesRead)))
          if (faults.growWhileRead && !grown.has(handle.path)) {
            grown.add(handle.path)
            const full = local(handle.path)
            if (full) await appendFile(full, Buffer.alloc(1024, 0x20))
          }
        },
        (error: unknown) => fail(reqid, error),
      ),
    )
  })
  sftp.on('WRITE', (reqid, id, offset, data) => {
    const handle = handles.get(id.toString())
    if (handle?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE)
    inTurn(handle, () =>
      handle.file.write(data, 0, data.length, offset).then(
        () => afterLink(data.length, () => sftp.status(reqid, STATUS_CODE.OK)),
        (error: unknown) => fail(reqid, error),
      ),
    )
  })
  sftp.on('FSTAT', (reqid, id) => {
    const handle = handles.get(id.toString())
    if (handle?.kind === 'virtual') return sftp.attrs(reqid, virtualAttrs(handle.name))
    if (handle?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE)
    inTurn(handle, () =>
      handle.file.stat().then(
        (info) => sftp.attrs(reqid, attrsOf(info)),
        (error: unknown) => fail(reqid, error),
      ),
    )
  })
  sftp.on('CLOSE', (reqid, id) => {
    const handle = handles.get(id.toString())
    handles.delete(id.toString())
    if (handle?.kind !== 'file')
      return sftp.status(reqid, handle ? STATUS_CODE.OK : STATUS_CODE.FAILURE)
    inTurn(handle, () =>
      handle.file.close().then(
        () => {
          sftp.status(reqid, STATUS_CODE.OK)
          if (handle.created) events.onUpload?.(account, handle.path.replace(/^\/+/, ''))
        },
        (error: unknown) => fail(reqid, error),
      ),
    )
  })
  sftp.on('OPENDIR', (reqid, path) =>
    withPath(reqid, path, 'OPENDIR', async (full) => {
      if (!(await stat(full)).isDirectory())
        throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
      sftp.handle(
        reqid,
        keep({
          kind: 'dir',
          path: full,
          clientPath: path.replace(/^\/+/, '') || '.',
          next: 0,
        }),
      )
    }),
  )
  sftp.on('READDIR', (reqid, id) => {
    const handle = handles.get(id.toString())
    if (handle?.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE)
    const sendPage = (entries: ssh2.FileEntry[]) => {
      let end = handle.next
      let bytes = 0
      while (end < entries.length) {
        const entry = entries[end] as ssh2.FileEntry
        // Two length-prefixed strings and at most 32 bytes of attributes.
        bytes += Buffer.byteLength(entry.filename) + Buffer.byteLength(entry.longname) + 40
        if (end > handle.next && bytes > NAME_REPLY_BYTES) break
        end += 1
      }
      if (end === handle.next) return sftp.status(reqid, STATUS_CODE.EOF)
      sftp.name(reqid, entries.slice(handle.next, end))
      handle.next = end
    }
    // Read once, by the first READDIR; those behind it wait on the same read and are answered
    // in the order they came, each with the next page (a client may keep several in flight).
    handle.entries ??= readdir(handle.path)
      .then((names) =>
        Promise.all(
          names.map(async (name) => ({
            filename: name,
            longname: name,
            attrs: attrsOf(await stat(join(handle.path, name))),
          })),
        ),
      )
      .then((entries) => {
        // The folder's real entries, then its virtual ones that were not deleted.
        const names = virtual && handle.clientPath === virtual.folder ? virtual.names : []
        for (const name of names)
          if (virtualNames.has(name))
            entries.push({ filename: name, longname: name, attrs: virtualAttrs(name) })
        return entries
      })
    handle.entries.then(sendPage, (error: unknown) => fail(reqid, error))
  })
  sftp.on('MKDIR', (reqid, path) =>
    withPath(
      reqid,
      path,
      'MKDIR',
      async (full) => void (await mkdir(full), sftp.status(reqid, STATUS_CODE.OK)),
    ),
  )
  sftp.on('RMDIR', (reqid, path) =>
    withPath(
      reqid,
      path,
      'RMDIR',
      async (full) => void (await rmdir(full), sftp.status(reqid, STATUS_CODE.OK)),
    ),
  )
  sftp.on('REMOVE', (reqid, path) => {
    const name = virtualName(path)
    if (name !== undefined) {
      log('REMOVE', path)
      virtualNames.delete(name)
      return sftp.status(reqid, STATUS_CODE.OK)
    }
    return withPath(
      reqid,
      path,
      'REMOVE',
      async (full) => void (await unlink(full), sftp.status(reqid, STATUS_CODE.OK)),
    )
  })
  sftp.on('RENAME', (reqid, from, to) =>
    withPath(reqid, from, 'RENAME', async (full) => {
      const target = local(to)
      if (!target) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED)
      // Like OpenSSH's plain rename: never over an existing file.
      if (
        await stat(target).then(
          () => true,
          () => false,
        )
      )
        return sftp.status(reqid, STATUS_CODE.FAILURE)
      await rename(full, target)
      sftp.status(reqid, STATUS_CODE.OK)
    }),
  )
  for (const request of ['SETSTAT', 'FSETSTAT'] as const) {
    sftp.on(request, (reqid: number) => {
      log(request, '')
      sftp.status(reqid, account.refuseSetstat ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.OK)
    })
  }
}

function publicOf(privateKey: string): string {
  const parsed = ssh2.utils.parseKey(privateKey) as ParsedKey | Error
  if (parsed instanceof Error) throw parsed
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`
}
