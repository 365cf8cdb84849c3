import { mkdir, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { attrsOf, type RequestContext } from './request-context'

const { STATUS_CODE } = ssh2.utils.sftp

// How many bytes of names one READDIR reply carries at most. Clients refuse a packet over their
// limit (ssh2: 256 KiB) and drop the connection; OpenSSH's sftp-server sends about 100 names.
const NAME_REPLY_BYTES = 32_000

/**
 * Requests on paths rather than open files: resolving and stat-ing a path, listing, making and
 * removing folders, removing and renaming files, and SETSTAT (which MFT Gateway refuses).
 */
export function servePathRequests(context: RequestContext): void {
  const { sftp, account, virtual, handles, keep, local, fail, log, withPath } = context

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
      const name = virtual.nameOf(path)
      if (name !== undefined) return sftp.attrs(reqid, virtual.attrs(name))
      return withPath(
        reqid,
        path,
        request,
        async (full) => void sftp.attrs(reqid, attrsOf(await stat(full))),
      )
    })
  }
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
        for (const name of virtual.listedIn(handle.clientPath))
          entries.push({ filename: name, longname: name, attrs: virtual.attrs(name) })
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
    const name = virtual.nameOf(path)
    if (name !== undefined) {
      log('REMOVE', path)
      virtual.remove(name)
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
      if (!target) return void sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED)
      // Like OpenSSH's plain rename: never over an existing file.
      if (
        await stat(target).then(
          () => true,
          () => false,
        )
      )
        return void sftp.status(reqid, STATUS_CODE.FAILURE)
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
