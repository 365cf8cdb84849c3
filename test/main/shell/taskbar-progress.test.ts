import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { ProfileId, Transfer, TransferId } from '../../../src/shared/domain'
import { remotePath } from '../../../src/shared/remote-path'
import type { ApiEvent } from '../../../src/shared/transport'

// The module under test imports only types from electron; the double proves no value is used.
vi.mock('electron', () => ({}))

const { showTransferProgress, TransferProgressTracker } =
  await import('../../../src/main/shell/taskbar-progress')

function transfer(
  id: string,
  state: Transfer['state'],
  transferredBytes: number,
  totalBytes = 100,
): Transfer {
  return {
    id: id as TransferId,
    profileId: 'profile-0001' as ProfileId,
    direction: 'pickup',
    name: `${id}.xml`,
    remotePath: remotePath.parse(`pickup/${id}.xml`),
    localPath: `/in/${id}.xml`,
    totalBytes,
    transferredBytes,
    state,
    startedAt: 1,
    ...(state === 'done' || state === 'failed' || state === 'cancelled' ? { finishedAt: 2 } : {}),
  }
}

/** A core event source and a window that records each setProgressBar call. */
function harness(focused = false) {
  const listeners = new Set<(event: ApiEvent) => void>()
  const subscribe = (listener: (event: ApiEvent) => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
  const bars: Array<[number, string | undefined]> = []
  const state = { focused }
  const window = Object.assign(new EventEmitter(), {
    isDestroyed: () => false,
    isFocused: () => state.focused,
    setProgressBar: (value: number, options?: { mode?: string }) =>
      bars.push([Number(value.toFixed(2)), options?.mode]),
  })
  const emit = (event: ApiEvent) => {
    for (const listener of listeners) listener(event)
  }
  const update = (payload: Transfer) => emit({ name: 'transfer:update', payload })
  const stop = showTransferProgress(subscribe, window as unknown as Electron.BrowserWindow)
  return { bars, update, emit, window, state, stop, listeners }
}

describe('taskbar progress', () => {
  it('follows the bytes of a batch, and goes when it is done', () => {
    const { bars, update } = harness()
    update(transfer('a', 'queued', 0))
    update(transfer('b', 'queued', 0, 300))
    update(transfer('a', 'running', 50))
    update(transfer('b', 'running', 150, 300))
    update(transfer('a', 'done', 100))
    update(transfer('b', 'verifying', 300, 300))
    update(transfer('b', 'done', 300, 300))
    expect(bars).toEqual([
      [0, 'normal'],
      [0.13, 'normal'],
      [0.5, 'normal'],
      [0.63, 'normal'],
      [1, 'normal'],
      [-1, 'normal'],
    ])
  })

  it('turns red on a failure, stays red after the batch until the window is looked at', () => {
    const { bars, update, window } = harness()
    update(transfer('a', 'running', 0))
    update(transfer('b', 'running', 0))
    update(transfer('a', 'failed', 20))
    update(transfer('b', 'done', 100))
    expect(bars).toEqual([
      [0, 'normal'],
      [0.1, 'error'],
      [1, 'error'],
    ])
    window.emit('focus')
    expect(bars.at(-1)).toEqual([-1, 'normal'])
  })

  it('shows no red bar after a batch that failed while the window was in front', () => {
    const { bars, update } = harness(true)
    update(transfer('a', 'running', 0))
    update(transfer('a', 'failed', 0))
    expect(bars).toEqual([
      [0, 'normal'],
      [-1, 'normal'],
    ])
  })

  it('starts a new batch from zero, and ignores late news of finished transfers', () => {
    const { bars, update } = harness()
    update(transfer('a', 'running', 0))
    update(transfer('a', 'done', 100))
    // The gateway takes the sent file later: an update for a transfer that already finished.
    update({ ...transfer('a', 'done', 100), takenAt: 5 })
    update(transfer('c', 'queued', 0))
    update(transfer('c', 'running', 40))
    expect(bars).toEqual([
      [0, 'normal'],
      [-1, 'normal'],
      [0, 'normal'],
      [0.4, 'normal'],
    ])
  })

  it('redraws only on a change of a percent: a large batch does not flood the taskbar', () => {
    const { bars, update } = harness()
    update(transfer('big', 'running', 0, 1_000_000))
    for (let bytes = 0; bytes <= 1_000_000; bytes += 1000)
      update(transfer('big', 'running', bytes, 1_000_000))
    expect(bars.length).toBeGreaterThan(95)
    expect(bars.length).toBeLessThanOrEqual(102)
  })

  it('counts files when every file is empty', () => {
    const tracker = new TransferProgressTracker()
    tracker.update(transfer('a', 'running', 0, 0))
    tracker.update(transfer('b', 'running', 0, 0))
    expect(tracker.update(transfer('a', 'done', 0, 0))).toEqual({ value: 0.5, mode: 'normal' })
  })

  it('stops listening to core and to the window when stopped', () => {
    const { stop, listeners, window } = harness()
    stop()
    expect(listeners.size).toBe(0)
    expect(window.listenerCount('focus')).toBe(0)
  })

  it('keeps up with ten thousand files', () => {
    const tracker = new TransferProgressTracker()
    const started = performance.now()
    for (let index = 0; index < 10_000; index++) tracker.update(transfer(`t${index}`, 'queued', 0))
    for (let index = 0; index < 10_000; index++)
      tracker.update(transfer(`t${index}`, 'running', 50))
    for (let index = 0; index < 9_999; index++) tracker.update(transfer(`t${index}`, 'done', 100))
    expect(tracker.current().value).toBeCloseTo(0.99995, 4)
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
