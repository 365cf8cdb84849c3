import type { Stats } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import ssh2 from 'ssh2'
import { pathInAccount, type DemoAccount, type FileServerEvents } from './demo-account'
import type { FileServerFaults, VirtualFiles } from './fault-modes'

const { STATUS_CODE } = ssh2.utils.sftp

/** What an SFTP handle of the demo server stands for: an open file, a virtual one, a folder. */
export type Handle =
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

/** What every request handler of one SFTP channel shares: its account, faults and handles. */
export interface RequestContext {
  readonly sftp: ssh2.SFTPWrapper
  readonly account: DemoAccount
  readonly events: FileServerEvents
  readonly faults: FileServerFaults
  readonly virtual: VirtualFiles
  readonly handles: Map<string, Handle>
  /** Stores a handle and gives the id the client will name it by. */
  keep(handle: Handle): Buffer
  /** The path on disk for a client path, or undefined when it would leave the account's folder. */
  local(path: string): string | undefined
  /** Answers a request whose file system call failed with the nearest SFTP status. */
  fail(reqid: number, error: unknown): void
  log(request: string, path: string): void
  /** Logs a request on a path, refuses a path outside the account, and answers a failure. */
  withPath(
    reqid: number,
    path: string,
    request: string,
    action: (full: string) => Promise<void>,
  ): void
}

/** The shared part of one SFTP channel's requests. */
export function requestContext(
  sftp: ssh2.SFTPWrapper,
  account: DemoAccount,
  events: FileServerEvents,
  faults: FileServerFaults,
  virtual: VirtualFiles,
): RequestContext {
  const handles = new Map<string, Handle>()
  let next = 0
  const local = (path: string) => pathInAccount(account, path)
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
  return {
    sftp,
    account,
    events,
    faults,
    virtual,
    handles,
    keep: (handle) => {
      const id = Buffer.from(String(next++))
      handles.set(id.toString(), handle)
      return id
    },
    local,
    fail,
    log,
    withPath: (reqid, path, request, action) => {
      log(request, path)
      const full = local(path)
      if (!full) return void sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED)
      action(full).catch((error: unknown) => fail(reqid, error))
    },
  }
}

/** A file's attributes as SFTP carries them. */
export function attrsOf(info: Stats): ssh2.Attributes {
  return {
    mode: info.mode,
    uid: 0,
    gid: 0,
    size: info.size,
    atime: Math.floor(info.atimeMs / 1000),
    mtime: Math.floor(info.mtimeMs / 1000),
  }
}
