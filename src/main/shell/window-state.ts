import { screen, type BrowserWindow, type Rectangle } from 'electron'
import { z } from 'zod'
import type { KeyValueBackend } from '../core/settings/settings-file'

/** The settings key holding the main window's last size, position and maximized state. */
export const WINDOW_STATE_KEY = 'window'

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 780 } as const
export const MIN_WINDOW_SIZE = { width: 820, height: 520 } as const

/** How much of a window must lie on a display for its remembered place to be used. */
const MIN_VISIBLE = { width: 120, height: 40 } as const

const LARGEST = 100_000
const windowState = z.object({
  width: z.int().min(MIN_WINDOW_SIZE.width).max(LARGEST),
  height: z.int().min(MIN_WINDOW_SIZE.height).max(LARGEST),
  x: z.int().min(-LARGEST).max(LARGEST).optional(),
  y: z.int().min(-LARGEST).max(LARGEST).optional(),
  maximized: z.boolean(),
})
export type WindowState = z.infer<typeof windowState>

/** What a new BrowserWindow is given: a size always, a position only where it can be seen. */
export interface WindowPlacement {
  readonly bounds: {
    readonly width: number
    readonly height: number
    readonly x?: number
    readonly y?: number
  }
  readonly maximized: boolean
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  }
}

/**
 * Where to open the window, from what was stored. Anything that does not parse (a hand-edited
 * file, an older format) gives the default size; a position on a display that has since gone
 * (a laptop off its dock) is dropped, so the window opens where the OS puts it, not off-screen.
 */
export function placementFrom(stored: unknown, workAreas: readonly Rectangle[]): WindowPlacement {
  const parsed = windowState.safeParse(stored)
  if (!parsed.success) return { bounds: DEFAULT_WINDOW_SIZE, maximized: false }
  const { x, y, width, height, maximized } = parsed.data
  if (x === undefined || y === undefined) return { bounds: { width, height }, maximized }
  const visible = workAreas.some((area) => {
    const shared = overlap({ x, y, width, height }, area)
    return shared.width >= MIN_VISIBLE.width && shared.height >= MIN_VISIBLE.height
  })
  return { bounds: visible ? { x, y, width, height } : { width, height }, maximized }
}

/** The window's placement, read from the settings against the displays there are now. */
export function restoreWindowPlacement(settings: KeyValueBackend): WindowPlacement {
  return placementFrom(
    settings.get(WINDOW_STATE_KEY),
    screen.getAllDisplays().map((display) => display.workArea),
  )
}

/**
 * Maximizes the window if it was, and remembers its place when it closes. Call it before the
 * window's own `ready-to-show` handler, so that it opens maximized rather than growing. The normal bounds are
 * stored, not the maximized ones, so that un-maximizing after the next start gives back the
 * size the person chose.
 */
export function rememberWindowState(
  window: BrowserWindow,
  settings: KeyValueBackend,
  placement: WindowPlacement,
): void {
  // maximize() also shows the window: wait until its page has painted, as `show` does.
  if (placement.maximized) window.once('ready-to-show', () => window.maximize())
  window.on('close', () => {
    const bounds = window.getNormalBounds()
    const state: WindowState = {
      x: Math.round(bounds.x),
      y: Math.round(bounds.y),
      width: Math.max(MIN_WINDOW_SIZE.width, Math.round(bounds.width)),
      height: Math.max(MIN_WINDOW_SIZE.height, Math.round(bounds.height)),
      maximized: window.isMaximized(),
    }
    settings.set(WINDOW_STATE_KEY, state)
  })
}
