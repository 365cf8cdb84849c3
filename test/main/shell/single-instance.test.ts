import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events')
  return { app: Object.assign(new EventEmitter(), { lock: true, quits: 0 }) }
})

vi.mock('electron', async () => {
  const { app } = await electron
  return {
    app: Object.assign(app, {
      requestSingleInstanceLock: () => app.lock,
      quit: () => void app.quits++,
    }),
  }
})

const { claimSingleInstance } = await import('../../../src/main/shell/single-instance')
const { app } = await electron

/** A window double that records what was done to it, in order. */
function fakeWindow(state: { minimized: boolean; visible: boolean }) {
  const done: string[] = []
  const window = Object.assign(new EventEmitter(), {
    isDestroyed: () => false,
    isMinimized: () => state.minimized,
    isVisible: () => state.visible,
    restore: () => void done.push('restore'),
    show: () => void done.push('show'),
    focus: () => void done.push('focus'),
  })
  return { window: window as unknown as Electron.BrowserWindow, done }
}

describe('claimSingleInstance', () => {
  beforeEach(() => {
    app.removeAllListeners()
    app.lock = true
    app.quits = 0
  })

  it('the first instance keeps running and, on a second launch, restores and focuses its window', () => {
    const { window, done } = fakeWindow({ minimized: true, visible: false })
    expect(claimSingleInstance(() => window)).toBe(true)
    expect(app.quits).toBe(0)
    app.emit('second-instance', {}, ['mailroom'], '/')
    expect(done).toEqual(['restore', 'show', 'focus'])
  })

  it('only focuses a window that is already shown', () => {
    const { window, done } = fakeWindow({ minimized: false, visible: true })
    claimSingleInstance(() => window)
    app.emit('second-instance', {}, ['mailroom'], '/')
    expect(done).toEqual(['focus'])
  })

  it('a second launch before the window exists is ignored, not an error', () => {
    claimSingleInstance(() => undefined)
    expect(() => app.emit('second-instance', {}, [], '/')).not.toThrow()
  })

  it('the second instance quits and is told not to start', () => {
    app.lock = false
    const { window } = fakeWindow({ minimized: false, visible: true })
    expect(claimSingleInstance(() => window)).toBe(false)
    expect(app.quits).toBe(1)
    expect(app.listenerCount('second-instance')).toBe(0)
  })
})
