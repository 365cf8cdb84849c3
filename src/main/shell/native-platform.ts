import type { BrowserWindow, Dialog, NativeImage, Shell } from 'electron'
import type { Platform } from '../core/app/platform'
import type { PathPurpose } from '../../shared/local-path-inputs'
import type { GrantReach, PathGrants } from './path-grants'

// A 16x16 square shown under the pointer while a file is dragged out (macOS requires an icon).
const DRAG_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGUlEQVR4nGOQz3/9nxLMMGrAqAGjBgwXAwCBLngfwRd2zQAAAABJRU5ErkJggg=='

export interface NativeDeps {
  readonly window: BrowserWindow
  readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>
  readonly shell: Pick<Shell, 'showItemInFolder'>
  readonly imageFromDataUrl: (dataUrl: string) => NativeImage
  readonly grants: PathGrants
  readonly version: string
}

/**
 * Core's platform in the desktop app: native dialogs, "Show in folder", dragging a file out.
 * What the person chooses in a dialog is granted to the window for what that dialog is for
 * (path-grants.ts), never for sending: the app sends what is dropped on it or picked in its
 * file input, and the renderer asks for these dialogs only to import a key (a file to read),
 * to pick a folder to pick up into, and to say where to save (an exported key, the log).
 */
export function nativePlatform(deps: NativeDeps): Platform {
  const { window, dialog, grants } = deps
  const granted = (purpose: PathPurpose, reach: GrantReach, path: string | undefined) => {
    if (path === undefined || path === '') return null
    grants.grant(window.webContents.id, purpose, path, reach)
    return path
  }
  return {
    transport: 'electron',
    version: deps.version,
    chooseFolder: async (title) => {
      const result = await dialog.showOpenDialog(window, {
        title,
        properties: ['openDirectory', 'createDirectory'],
      })
      return result.canceled ? null : granted('pickup', 'tree', result.filePaths[0])
    },
    chooseFile: async (title) => {
      const result = await dialog.showOpenDialog(window, {
        title,
        properties: ['openFile', 'showHiddenFiles'],
      })
      return result.canceled ? null : granted('read', 'file', result.filePaths[0])
    },
    chooseSaveFile: async (title, defaultName) => {
      const result = await dialog.showSaveDialog(window, {
        title,
        defaultPath: defaultName,
        properties: ['showOverwriteConfirmation'],
      })
      return result.canceled ? null : granted('save', 'file', result.filePath)
    },
    showInFolder: (path) => deps.shell.showItemInFolder(path),
    startDrag: (path) =>
      window.webContents.startDrag({ file: path, icon: deps.imageFromDataUrl(DRAG_ICON) }),
  }
}
