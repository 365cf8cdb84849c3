import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProfileId, Transfer, TransferId } from '../../../src/shared/domain'
import { remotePath } from '../../../src/shared/remote-path'
import type { ApiEvent } from '../../../src/shared/transport'

const electron = vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events')
  /** Electron's Notification as a double: records what was shown, can be clicked. */
  class FakeNotification extends EventEmitter {
    static shown: FakeNotification[] = []
    static supported = true
    static isSupported = () => FakeNotification.supported
    constructor(readonly options: { title: string; body: string }) {
      super()
    }
    show() {
      FakeNotification.shown.push(this)
    }
  }
  return { Notification: FakeNotification }
})

vi.mock('electron', async () => electron)

const { notifyFinishedPickups, PickupBatches } =
  await import('../../../src/main/shell/pickup-notifications')
const { Notification } = await electron

function transfer(
  id: string,
  state: Transfer['state'],
  direction: Transfer['direction'] = 'pickup',
): Transfer {
  return {
    id: id as TransferId,
    profileId: 'profile-0001' as ProfileId,
    direction,
    name: `${id}.xml`,
    remotePath: remotePath.parse(`pickup/${id}.xml`),
    localPath: `/in/${id}.xml`,
    totalBytes: 10,
    transferredBytes: state === 'done' ? 10 : 0,
    state,
    startedAt: 1,
    ...(state === 'done' || state === 'failed' || state === 'cancelled' ? { finishedAt: 2 } : {}),
  }
}

describe('PickupBatches', () => {
  it('announces a batch once, when its last pickup has finished', () => {
    const batches = new PickupBatches()
    expect(batches.update(transfer('a', 'queued'))).toBeUndefined()
    expect(batches.update(transfer('b', 'running'))).toBeUndefined()
    expect(batches.update(transfer('a', 'done'))).toBeUndefined()
    expect(batches.update(transfer('b', 'done'))).toEqual({
      title: 'Picked up',
      body: '2 files picked up.',
    })
    // A late update of a finished pickup starts nothing and says nothing.
    expect(batches.update(transfer('b', 'done'))).toBeUndefined()
  })

  it('says how many failed, and counts each batch afresh', () => {
    const batches = new PickupBatches()
    batches.update(transfer('a', 'running'))
    batches.update(transfer('b', 'running'))
    batches.update(transfer('a', 'failed'))
    expect(batches.update(transfer('b', 'done'))).toEqual({
      title: 'Pickup failed',
      body: '1 file could not be picked up; 1 file picked up. See Transfers for why.',
    })
    batches.update(transfer('c', 'running'))
    expect(batches.update(transfer('c', 'done'))?.body).toBe('1 file picked up.')
  })

  it('ignores sends and downloads, and a batch that was only cancelled', () => {
    const batches = new PickupBatches()
    batches.update(transfer('s', 'running', 'upload'))
    expect(batches.update(transfer('s', 'done', 'upload'))).toBeUndefined()
    batches.update(transfer('d', 'running', 'download'))
    expect(batches.update(transfer('d', 'done', 'download'))).toBeUndefined()
    batches.update(transfer('x', 'running'))
    expect(batches.update(transfer('x', 'cancelled'))).toBeUndefined()
  })
})

describe('notifyFinishedPickups', () => {
  beforeEach(() => {
    Notification.shown.length = 0
    Notification.supported = true
  })

  function harness(focused: boolean) {
    const listeners = new Set<(event: ApiEvent) => void>()
    const done: string[] = []
    const window = Object.assign(new EventEmitter(), {
      isDestroyed: () => false,
      isFocused: () => focused,
      isMinimized: () => true,
      restore: () => void done.push('restore'),
      show: () => void done.push('show'),
      focus: () => void done.push('focus'),
    })
    const stop = notifyFinishedPickups(
      (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      window as unknown as Electron.BrowserWindow,
    )
    const update = (payload: Transfer) => {
      for (const listener of listeners) listener({ name: 'transfer:update', payload })
    }
    return { update, done, stop, listeners }
  }

  it('notifies when the window is behind, and a click brings the window back', () => {
    const { update, done } = harness(false)
    update(transfer('a', 'running'))
    update(transfer('a', 'done'))
    expect(Notification.shown.map((shown) => shown.options)).toEqual([
      { title: 'Picked up', body: '1 file picked up.' },
    ])
    Notification.shown[0]?.emit('click')
    expect(done).toEqual(['restore', 'show', 'focus'])
  })

  it('stays quiet while the window is in front, or where notifications are not supported', () => {
    const front = harness(true)
    front.update(transfer('a', 'running'))
    front.update(transfer('a', 'done'))
    Notification.supported = false
    const behind = harness(false)
    behind.update(transfer('b', 'running'))
    behind.update(transfer('b', 'done'))
    expect(Notification.shown).toHaveLength(0)
  })

  it('stops listening when stopped', () => {
    const { stop, listeners } = harness(false)
    stop()
    expect(listeners.size).toBe(0)
  })
})
