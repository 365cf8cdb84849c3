import { open } from 'node:fs/promises'
import { resolve } from 'node:path'
import { translateLocalError } from '../errors'

/** Flushes one folder's entries (the names in it) to disk. */
export type FsyncFolder = (folder: string) => Promise<void>

export interface FolderSyncOptions {
  /** How one folder is flushed; a test double in tests. */
  readonly fsync?: FsyncFolder
  readonly platform?: NodeJS.Platform
}

interface Queued {
  readonly promise: Promise<void>
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/** A folder being flushed now. */
interface FolderState {
  /** The callers who came while the flush was running: they share the next one. */
  queued: Queued | undefined
}

/**
 * Coalesces flushes of a local folder. After a file is hard-linked to its final name, the folder
 * is flushed so the name survives a crash (and the server copy may go). `sync(folder)` resolves
 * only after a flush of that folder that started after the call, so it covers the caller's link;
 * every caller that comes while a flush runs waits for the next one, and they all share it. So
 * 64 files finishing at once make two flushes, not 64.
 */
export class FolderSync {
  /** The folders with a flush running. */
  private readonly folders = new Map<string, FolderState>()
  private readonly fsync: FsyncFolder
  private readonly platform: NodeJS.Platform

  constructor(options: FolderSyncOptions = {}) {
    this.fsync = options.fsync ?? fsyncFolder
    this.platform = options.platform ?? process.platform
  }

  /** Resolves once a flush of `folder` begun after this call is done; rejects if it failed. */
  sync(folder: string): Promise<void> {
    // Windows cannot open a folder for fsync; NTFS journals the rename.
    if (this.platform === 'win32') return Promise.resolve()
    const key = resolve(folder)
    const state = this.folders.get(key)
    if (!state) {
      const fresh: FolderState = { queued: undefined }
      this.folders.set(key, fresh)
      return this.start(key, fresh)
    }
    // A flush is running: it may have begun before the caller's link, so it does not count.
    state.queued ??= queued()
    return state.queued.promise
  }

  private start(key: string, state: FolderState): Promise<void> {
    const flush = this.flushOnce(key)
    const next = () => {
      const waiting = state.queued
      state.queued = undefined
      if (waiting) this.start(key, state).then(waiting.resolve, waiting.reject)
      else this.folders.delete(key)
    }
    flush.then(next, next)
    return flush
  }

  private async flushOnce(folder: string): Promise<void> {
    try {
      await this.fsync(folder)
    } catch (error) {
      throw translateLocalError(error, 'sync the folder', folder)
    }
  }
}

/** Opens the folder and fsyncs it: its new names are on disk when this resolves. */
export async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function queued(): Queued {
  let settle: Pick<Queued, 'resolve' | 'reject'> | undefined
  const promise = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject }
  })
  if (!settle) throw new Error('a Promise executor runs at once')
  return { promise, ...settle }
}
