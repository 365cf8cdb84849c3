import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { appDataFolder } from '../../../src/cli/data-folder'
import { PRODUCT_NAME, userDataFolder } from '../../../src/main/shell/data-folder'
import {
  bootShell,
  commandDouble,
  createMailroomDouble,
  electronStoreDouble,
  untilLoaded,
} from './boot-shell'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)
vi.mock('electron-store', () => electronStoreDouble)
vi.mock('../../../src/main/core/app/create-mailroom', () => createMailroomDouble())
vi.mock('../../../src/cli/run-command', () => commandDouble())

/**
 * The app and the `mailroom` command must open one data folder, whatever the installers call
 * the product: the command computes it without Electron, the app sets it in Electron.
 */
describe('the data folder', () => {
  // Electron's appData on each OS, as its docs give it, and the environment that leads there.
  const systems = [
    {
      platform: 'win32',
      env: { APPDATA: 'C:\\Users\\Person\\AppData\\Roaming' },
      appData: 'C:\\Users\\Person\\AppData\\Roaming',
    },
    { platform: 'darwin', env: {}, appData: join(homedir(), 'Library', 'Application Support') },
    { platform: 'linux', env: {}, appData: join(homedir(), '.config') },
    { platform: 'linux', env: { XDG_CONFIG_HOME: '/srv/config' }, appData: '/srv/config' },
  ] as const

  it('is the same folder for the app and the command on every OS', () => {
    for (const { platform, env, appData } of systems)
      expect(userDataFolder(appData, env), platform).toBe(appDataFolder(env, platform))
  })

  it('is MAILROOM_DATA_DIR for both when it is set', () => {
    const env = { MAILROOM_DATA_DIR: '/tmp/demo-data' }
    expect(userDataFolder('/home/person/.config', env)).toBe('/tmp/demo-data')
    expect(appDataFolder(env, 'linux')).toBe('/tmp/demo-data')
  })

  it('is set by the app before it is ready, apart from the product name people see', async () => {
    const double = await bootShell([])
    expect(double.fake.app.getPath('userData')).toBe(join('/home/person/.config', 'mailroom'))
    expect(double.fake.app.calls.indexOf('setPath:userData')).toBeLessThan(
      double.fake.app.calls.indexOf('whenReady'),
    )
    expect(double.fake.app.name).toBe(PRODUCT_NAME)
    await untilLoaded(double)
    expect(double.fake.mailroomOptions?.dataDir).toBe(join('/home/person/.config', 'mailroom'))
  })

  it('follows MAILROOM_DATA_DIR in the app too', async () => {
    const double = await bootShell([], { MAILROOM_DATA_DIR: '/tmp/demo-data' })
    expect(double.fake.app.getPath('userData')).toBe('/tmp/demo-data')
  })
})
