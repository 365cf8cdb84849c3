import { app, type BrowserWindow } from 'electron'

/**
 * One Mailroom at a time: two would share one settings file, one database and one pickup
 * journal, and fight over the same gateway connections. A second launch hands over to the first,
 * which comes to the front (as GitHub Desktop's main process does), and quits.
 *
 * Call it only for the windowed app, after the `--cli` check: the headless command is run by the
 * OS scheduler while the app may be open, and neither takes nor needs the lock.
 *
 * Returns false in the second instance, which is already quitting and must not start.
 */
export function claimSingleInstance(mainWindow: () => BrowserWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => {
    const window = mainWindow()
    if (!window || window.isDestroyed()) return
    if (window.isMinimized()) window.restore()
    if (!window.isVisible()) window.show()
    window.focus()
  })
  return true
}
