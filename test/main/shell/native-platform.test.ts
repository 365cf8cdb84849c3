import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeBrowserWindow, fake, resetFake } from './electron-double'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)

const electron = await import('electron')
const { nativePlatform } = await import('../../../src/main/shell/native-platform')
const { PathGrants } = await import('../../../src/main/shell/path-grants')

/** Files and folders chosen in a native open dialog are granted to the window, like dropped ones. */
describe('nativePlatform', () => {
  let window: FakeBrowserWindow
  let grants: InstanceType<typeof PathGrants>
  let platform: ReturnType<typeof nativePlatform>

  beforeEach(() => {
    resetFake()
    window = new FakeBrowserWindow({})
    grants = new PathGrants('linux')
    platform = nativePlatform({
      window: window as never,
      dialog: electron.dialog,
      shell: electron.shell,
      imageFromDataUrl: (url) => electron.nativeImage.createFromDataURL(url),
      grants,
      version: '1.2.3',
    })
  })

  it('grants a chosen file to the window that asked', async () => {
    fake.openDialogAnswer = { canceled: false, filePaths: ['/home/person/orders/order.xml'] }
    expect(await platform.chooseFile?.('Send a file')).toBe('/home/person/orders/order.xml')
    expect(grants.covers(window.webContents.id, '/home/person/orders/order.xml')).toBe(true)
    expect(grants.covers(window.webContents.id + 1, '/home/person/orders/order.xml')).toBe(false)
  })

  it('grants a chosen folder and what is under it', async () => {
    fake.openDialogAnswer = { canceled: false, filePaths: ['/home/person/outbox'] }
    expect(await platform.chooseFolder?.('Pick up into')).toBe('/home/person/outbox')
    expect(grants.covers(window.webContents.id, '/home/person/outbox/a.xml')).toBe(true)
  })

  it('grants nothing when the dialog is cancelled, nor for a place to save', async () => {
    fake.openDialogAnswer = { canceled: true, filePaths: ['/home/person/ignored.xml'] }
    expect(await platform.chooseFile?.('Send a file')).toBeNull()
    fake.saveDialogAnswer = { canceled: false, filePath: '/home/person/session.log' }
    expect(await platform.chooseSaveFile?.('Save log', 'session.log')).toBe(
      '/home/person/session.log',
    )
    expect(grants.covers(window.webContents.id, '/home/person/ignored.xml')).toBe(false)
    expect(grants.covers(window.webContents.id, '/home/person/session.log')).toBe(false)
  })

  it('shows a file in its folder and drags one out with an icon', () => {
    platform.showInFolder?.('/home/person/in/a.xml')
    platform.startDrag?.('/tmp/drag/a.xml')
    expect(fake.shownInFolder).toEqual(['/home/person/in/a.xml'])
    expect(window.webContents.drags).toMatchObject([
      { file: '/tmp/drag/a.xml', icon: { url: expect.stringMatching(/^data:image\/png/) } },
    ])
    expect(platform.transport).toBe('electron')
  })
})
