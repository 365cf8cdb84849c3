import { BrowserWindow } from 'electron'
import { secureWebPreferences } from './window-security'

/**
 * The one window: its size, and the locked-down web preferences. Navigation, new windows and
 * webviews are refused for every web contents in window-security.ts (hardenWebContents, wired
 * to `web-contents-created`), so none can slip past by being created elsewhere.
 */
export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 780,
    minWidth: 820,
    minHeight: 520,
    title: 'Mailroom',
    show: false,
    webPreferences: secureWebPreferences(preload),
  })
  window.once('ready-to-show', () => window.show())
  return window
}
