import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { MemorySettings } from '../../fixtures/memory-settings'

const electron = vi.hoisted(() => ({
  workAreas: [] as Array<{ x: number; y: number; width: number; height: number }>,
}))

vi.mock('electron', () => ({
  screen: {
    getAllDisplays: () => electron.workAreas.map((workArea) => ({ workArea })),
  },
}))

const { placementFrom, rememberWindowState, restoreWindowPlacement, WINDOW_STATE_KEY } =
  await import('../../../src/main/shell/window-state')

const LAPTOP = { x: 0, y: 0, width: 1440, height: 875 }
const MONITOR_TO_THE_RIGHT = { x: 1440, y: 0, width: 2560, height: 1400 }

function fakeWindow(bounds: { x: number; y: number; width: number; height: number }) {
  const state = { maximized: false }
  const window = Object.assign(new EventEmitter(), {
    getNormalBounds: () => bounds,
    isMaximized: () => state.maximized,
    maximize: () => {
      state.maximized = true
    },
  })
  return { window: window as unknown as Electron.BrowserWindow, state }
}

describe('window state', () => {
  it('restores the size, position and maximized state it saved when the window closed', () => {
    const settings = new MemorySettings()
    electron.workAreas = [LAPTOP, MONITOR_TO_THE_RIGHT]
    const first = fakeWindow({ x: 1600, y: 120, width: 1500, height: 900 })
    rememberWindowState(first.window, settings, restoreWindowPlacement(settings))
    first.state.maximized = true
    first.window.emit('close')
    expect(settings.get(WINDOW_STATE_KEY)).toEqual({
      x: 1600,
      y: 120,
      width: 1500,
      height: 900,
      maximized: true,
    })

    const placement = restoreWindowPlacement(settings)
    expect(placement).toEqual({
      bounds: { x: 1600, y: 120, width: 1500, height: 900 },
      maximized: true,
    })
    const second = fakeWindow({ x: 0, y: 0, width: 1, height: 1 })
    rememberWindowState(second.window, settings, placement)
    expect(second.state.maximized).toBe(false)
    // Maximized once the page is ready to show, so the window never flashes at its normal size.
    second.window.emit('ready-to-show')
    expect(second.state.maximized).toBe(true)
  })

  it('drops a position that is off every display (the monitor it was on is gone)', () => {
    const saved = { x: 1600, y: 120, width: 1500, height: 900, maximized: false }
    expect(placementFrom(saved, [LAPTOP])).toEqual({
      bounds: { width: 1500, height: 900 },
      maximized: false,
    })
    // A sliver on screen is not enough to grab the window by its title bar.
    expect(placementFrom({ ...saved, x: 1430 }, [LAPTOP]).bounds).not.toHaveProperty('x')
    expect(placementFrom({ ...saved, x: -1400, y: -880 }, [LAPTOP]).bounds).not.toHaveProperty('x')
    expect(placementFrom({ ...saved, x: 1000 }, [LAPTOP]).bounds).toEqual({
      x: 1000,
      y: 120,
      width: 1500,
      height: 900,
    })
  })

  it.each([
    ['nothing stored', undefined],
    ['not an object', 'big'],
    ['a size below the minimum', { width: 200, height: 100, maximized: false }],
    ['fractional sizes', { width: 1000.5, height: 700, maximized: false }],
    ['a missing maximized flag', { width: 1000, height: 700 }],
    ['absurd numbers', { width: 1e9, height: 700, maximized: false }],
  ])('opens at the default size for %s', (_case, stored) => {
    expect(placementFrom(stored, [LAPTOP])).toEqual({
      bounds: { width: 1200, height: 780 },
      maximized: false,
    })
  })

  it('reads what is stored under the window key of the settings', () => {
    const settings = new MemorySettings()
    settings.set(WINDOW_STATE_KEY, { x: 10, y: 20, width: 900, height: 600, maximized: false })
    electron.workAreas = [LAPTOP]
    expect(restoreWindowPlacement(settings).bounds).toEqual({
      x: 10,
      y: 20,
      width: 900,
      height: 600,
    })
  })
})
