import { appendFile, open } from 'node:fs/promises'
import ssh2 from 'ssh2'
import { slowLink } from './fault-modes'
import { attrsOf, type Handle, type RequestContext } from './request-context'

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp

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

/**
 * Opening, reading, writing and closing files, real and virtual, with the faults that act on
 * file data: a drop after so many bytes read, a slow link, a file that grows while it is read.
 */
export function serveFileRequests(context: RequestContext, drop: () => void): void {
  const { sftp, account, events, faults, virtual, handles, keep, local, fail, withPath } = context
  let readBytes = 0
  const linkWait = slowLink(faults.bytesPerSecond)
  const afterLink = (bytes: number, reply: () => void) => {
    const wait = linkWait(bytes)
    if (wait > 0) setTimeout(reply, wait)
    else reply()
  }
  const grown = new Set<string>()

  sftp.on('OPEN', (reqid, path, flags) => {
    const name = virtual.nameOf(path)
    if (name !== undefined)
      return sftp.handle(reqid, keep({ kind: 'virtual', name, data: virtual.data(name) }))
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
    if (handle?.kind === 'virtual') return sftp.attrs(reqid, virtual.attrs(handle.name))
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
}
