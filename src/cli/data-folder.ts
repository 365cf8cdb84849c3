import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * The data folder's name inside the OS's application data folder. The app sets its userData to
 * it explicitly (src/main/shell/data-folder.ts), so the product name shown to people
 * ("Mailroom") can change without moving anybody's profiles, keys, journal and history.
 */
export const DATA_FOLDER_NAME = 'mailroom'

/**
 * Where the app keeps its data: Electron's appData joined with DATA_FOLDER_NAME, or
 * MAILROOM_DATA_DIR, which the app honours too. The command must use the same folder to see
 * the same profiles, keys, journal and history.
 */
export function appDataFolder(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.MAILROOM_DATA_DIR) return resolve(env.MAILROOM_DATA_DIR)
  // Electron's appData: %APPDATA% on Windows, ~/Library/Application Support on macOS,
  // $XDG_CONFIG_HOME or ~/.config elsewhere.
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(homedir(), '.config'))
  return join(appData, DATA_FOLDER_NAME)
}
