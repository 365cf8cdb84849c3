import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Where the app keeps its data: Electron's userData folder for the app named "mailroom"
 * (package.json `name`), or MAILROOM_DATA_DIR, which the app honours too (src/main/index.ts).
 * The command must use the same folder to see the same profiles, keys, journal and history.
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
  return join(appData, 'mailroom')
}
