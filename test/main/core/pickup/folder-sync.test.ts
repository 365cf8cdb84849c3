import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { FolderSync, fsyncFolder } from '../../../../src/main/core/pickup/folder-sync'

/** A flush that runs until the test ends it: which folder, and when it started and ended. */
interface Flush {
  readonly folder: string
  readonly startedAt: number
  end(error?: Error): void
  ended: boolean
}

/** A folder flush the test controls: each call waits until the test ends it. */
function controlledFsync() {
  const flushes: Flush[] = []
  let clock = 0
  const fsync = vi.fn(
    (folder: string) =>
      new Promise<void>((resolve, reject) => {
        const flush: Flush = {
          folder,
          startedAt: (clock += 1),
          ended: false,
          end: (error) => {
            flush.ended = true
            if (error) reject(error)
            else resolve()
          },
        }
        flushes.push(flush)
      }),
  )
  /** The moment now, on the same clock as the flushes' starts. */
  const now = () => (clock += 1)
  const running = () => flushes.filter((flush) => !flush.ended)
  return { fsync, flushes, now, running }
}

/** Lets promise callbacks and the flushes they start run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('FolderSync', () => {
  const dirs: string[] = []
  afterEach(() => {
    vi.restoreAllMocks()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('lets 64 callers at once share flushes, each resolved by one that started after its call', async () => {
    const { fsync, flushes, now, running } = controlledFsync()
    const sync = new FolderSync({ fsync, platform: 'linux' })
    const calls: Array<{ at: number; done: boolean; promise: Promise<void> }> = []
    const call = () => {
      const entry = { at: now(), done: false, promise: Promise.resolve() }
      entry.promise = sync.sync('/in').then(() => {
        entry.done = true
        // Some flush that started after this call has ended.
        expect(flushes.some((flush) => flush.ended && flush.startedAt > entry.at)).toBe(true)
      })
      calls.push(entry)
    }
    for (let index = 0; index < 64; index += 1) call()
    await settle()
    // The first call started a flush; the 63 after it wait for the next, not the running one.
    expect(fsync).toHaveBeenCalledTimes(1)
    expect(calls.filter((entry) => entry.done)).toHaveLength(0)
    running()[0]?.end()
    await settle()
    expect(calls.map((entry) => entry.done)).toEqual(calls.map((_, index) => index === 0))
    expect(fsync).toHaveBeenCalledTimes(2)
    // More callers while the second flush runs: they wait for a third.
    for (let index = 0; index < 10; index += 1) call()
    running()[0]?.end()
    await settle()
    expect(calls.filter((entry) => entry.done)).toHaveLength(64)
    expect(fsync).toHaveBeenCalledTimes(3)
    running()[0]?.end()
    await Promise.all(calls.map((entry) => entry.promise))
    expect(fsync).toHaveBeenCalledTimes(3)
    expect(fsync.mock.calls.map(([folder]) => folder)).toEqual(['/in', '/in', '/in'])
  })

  it('makes a call that comes while a flush runs wait for the next one', async () => {
    const { fsync, running } = controlledFsync()
    const sync = new FolderSync({ fsync, platform: 'linux' })
    let firstDone = false
    let secondDone = false
    const first = sync.sync('/in').then(() => (firstDone = true))
    await settle()
    const second = sync.sync('/in').then(() => (secondDone = true))
    running()[0]?.end()
    await first
    await settle()
    expect(secondDone).toBe(false)
    expect(fsync).toHaveBeenCalledTimes(2)
    running()[0]?.end()
    await second
    expect([firstDone, secondDone]).toEqual([true, true])
    // Idle again: the next call flushes at once.
    const third = sync.sync('/in')
    expect(fsync).toHaveBeenCalledTimes(3)
    running()[0]?.end()
    await third
  })

  it('flushes different folders separately, and the same folder however it is spelled once', async () => {
    const { fsync, running } = controlledFsync()
    const sync = new FolderSync({ fsync, platform: 'linux' })
    const all = Promise.all([sync.sync('/in/a'), sync.sync('/in/b'), sync.sync('/in/a/')])
    await settle()
    expect(fsync.mock.calls.map(([folder]) => folder)).toEqual(['/in/a', '/in/b'])
    for (const flush of running()) flush.end()
    await settle()
    // "/in/a/" came while /in/a was being flushed: one more flush of /in/a.
    expect(fsync.mock.calls.map(([folder]) => folder)).toEqual(['/in/a', '/in/b', '/in/a'])
    for (const flush of running()) flush.end()
    await all
  })

  it('rejects every caller sharing a failed flush, translated, and flushes again for the next', async () => {
    const { fsync, running } = controlledFsync()
    const sync = new FolderSync({ fsync, platform: 'linux' })
    const first = sync.sync('/in')
    await settle()
    const waiting = [sync.sync('/in'), sync.sync('/in')]
    running()[0]?.end()
    await first
    running()[0]?.end(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }))
    const outcomes = await Promise.allSettled(waiting)
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected')
      const reason = outcome.status === 'rejected' ? (outcome.reason as unknown) : undefined
      expect(reason).toBeInstanceOf(MailroomError)
      expect(String((reason as Error).message)).toContain('"/in"')
    }
    const later = sync.sync('/in')
    expect(fsync).toHaveBeenCalledTimes(3)
    running()[0]?.end()
    await expect(later).resolves.toBeUndefined()
  })

  it('does nothing on Windows, which cannot open a folder for fsync', async () => {
    const { fsync } = controlledFsync()
    await new FolderSync({ fsync, platform: 'win32' }).sync('C:\\in')
    expect(fsync).not.toHaveBeenCalled()
  })

  it('fsyncs a real folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mailroom-folder-sync-'))
    dirs.push(folder)
    await expect(fsyncFolder(folder)).resolves.toBeUndefined()
    await expect(new FolderSync().sync(folder)).resolves.toBeUndefined()
    await expect(new FolderSync().sync(join(folder, 'gone'))).rejects.toMatchObject({
      kind: 'not-found',
    })
  })
})
