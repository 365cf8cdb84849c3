import { join, resolve } from 'node:path'
import type { App } from 'electron'
import { DATA_FOLDER_NAME } from '../../cli/data-folder'

/** The name people see: window titles, the macOS menu, notifications. */
export const PRODUCT_NAME = 'Mailroom'

/**
 * The app's data folder, said explicitly rather than left to Electron, whose default follows
 * package.json's productName or name: the installers name the product "Mailroom", the folder
 * has always been "mailroom", and the `mailroom` command (src/cli/data-folder.ts) must find
 * the same profiles, keys and journal. MAILROOM_DATA_DIR (the demo's folder) wins, for both,
 * where it is honoured at all: the packaged app removes it first (launch-guard.ts).
 */
export function userDataFolder(appData: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.MAILROOM_DATA_DIR ? resolve(env.MAILROOM_DATA_DIR) : join(appData, DATA_FOLDER_NAME)
}

/** Before `ready` and before anything reads userData (Chromium puts its profile there). */
export function useDataFolder(app: Pick<App, 'getPath' | 'setPath' | 'setName'>): void {
  app.setName(PRODUCT_NAME)
  app.setPath('userData', userDataFolder(app.getPath('appData')))
}
