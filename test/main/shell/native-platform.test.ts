import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeBrowserWindow, fake, resetFake } from './electron-double'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)

const electron = await import('electron')
const { nativePlatform } = await import('../../../src/main/shell/native-platform')
const { PathGrants } = await import('../../../src/main/shell/path-grants')

/**
 * What is chosen in a native dialog is granted for what the dialog is for, never for sending:
 * the app sends only what is dropped on it or picked in its file input (the preload's grant).
 */
describe('nativePlatform', () => {
  let window: FakeBrowserWindow
  let grants: InstanceType<typeof PathGrants>
  let platform: ReturnType<typeof nativePlatform>
  const PURPOSES = ['send', 'read', 'save', 'pickup'] as const
  const usableFor = (path: string, contentsId = window.webContents.id) =>
    PURPOSES.filter((purpose) => grants.covers(contentsId, purpose, path))

  beforeEach(() => {
    resetFake()
    window = new FakeBrowserWindow({})
    grants = new PathGrants()
    platform = nativePlatform({
      window: window as never,
      dialog: electron.dialog,
      shell: electron.shell,
      imageFromDataUrl: (url) => electron.nativeImage.createFromDataURL(url),
      grants,
      version: '1.2.3',
    })
  })

  it('lets a file chosen in an open dialog (a key to import) be read by the window that asked, not sent', async () => {
    fake.openDialogAnswer = { canceled: false, filePaths: ['/home/person/.ssh/id_ed25519'] }
    expect(await platform.chooseFile?.('Private key file')).toBe('/home/person/.ssh/id_ed25519')
    expect(usableFor('/home/person/.ssh/id_ed25519')).toEqual(['read'])
    expect(usableFor('/home/person/.ssh/id_ed25519', window.webContents.id + 1)).toEqual([])
    expect(usableFor('/home/person/.ssh/id_rsa')).toEqual([])
  })

  it('lets a chosen folder and what is under it be picked up into, not sent or read', async () => {
    fake.openDialogAnswer = { canceled: false, filePaths: ['/home/person'] }
    expect(await platform.chooseFolder?.('Pick up into')).toBe('/home/person')
    expect(usableFor('/home/person/in/a.xml')).toEqual(['pickup'])
    expect(usableFor('/home/person/.ssh/id_ed25519')).toEqual(['pickup'])
    expect(usableFor('/home')).toEqual([])
  })

  it('lets the place chosen in a save dialog be saved to, and only that file', async () => {
    fake.saveDialogAnswer = { canceled: false, filePath: '/home/person/session.log' }
    expect(await platform.chooseSaveFile?.('Save log', 'session.log')).toBe(
      '/home/person/session.log',
    )
    expect(usableFor('/home/person/session.log')).toEqual(['save'])
    expect(usableFor('/home/person/session.log/x')).toEqual([])
    expect(usableFor('/home/person/other.log')).toEqual([])
  })

  it('grants nothing when a dialog is cancelled', async () => {
    fake.openDialogAnswer = { canceled: true, filePaths: ['/home/person/ignored.xml'] }
    expect(await platform.chooseFile?.('Private key file')).toBeNull()
    expect(await platform.chooseFolder?.('Pick up into')).toBeNull()
    fake.saveDialogAnswer = { canceled: true, filePath: '/home/person/ignored.log' }
    expect(await platform.chooseSaveFile?.('Save log', 'session.log')).toBeNull()
    expect(usableFor('/home/person/ignored.xml')).toEqual([])
    expect(usableFor('/home/person/ignored.log')).toEqual([])
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
