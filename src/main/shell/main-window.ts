import { BrowserWindow } from 'electron'
import type { KeyValueBackend } from '../core/settings/settings-file'
import { MIN_WINDOW_SIZE, rememberWindowState, restoreWindowPlacement } from './window-state'
import { secureWebPreferences } from './window-security'

/**
 * The one window: where it was last time, and the locked-down web preferences. Navigation, new
 * windows and webviews are refused for every web contents in window-security.ts
 * (hardenWebContents, wired to `web-contents-created`), so none can slip past by being created
 * elsewhere.
 */
export function createMainWindow(preload: string, settings: KeyValueBackend): BrowserWindow {
  const placement = restoreWindowPlacement(settings)
  const window = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Mailroom',
    show: false,
    webPreferences: secureWebPreferences(preload),
  })
  rememberWindowState(window, settings, placement)
  window.once('ready-to-show', () => window.show())
  return window
}
