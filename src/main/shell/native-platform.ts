import type { BrowserWindow, Dialog, NativeImage, Shell } from 'electron'
import type { Platform } from '../core/api/handlers'
import type { PathGrants } from './path-grants'

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
 * A file or folder the person chooses in an open dialog is granted to the window, as a dropped
 * one is (path-grants.ts); a save dialog's answer is a place to write, not a file to send.
 */
export function nativePlatform(deps: NativeDeps): Platform {
  const { window, dialog, grants } = deps
  const granted = (path: string | undefined) => {
    if (path === undefined) return null
    grants.grant(window.webContents.id, path)
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
      return result.canceled ? null : granted(result.filePaths[0])
    },
    chooseFile: async (title) => {
      const result = await dialog.showOpenDialog(window, {
        title,
        properties: ['openFile', 'showHiddenFiles'],
      })
      return result.canceled ? null : granted(result.filePaths[0])
    },
    chooseSaveFile: async (title, defaultName) => {
      const result = await dialog.showSaveDialog(window, {
        title,
        defaultPath: defaultName,
        properties: ['showOverwriteConfirmation'],
      })
      return result.canceled ? null : (result.filePath ?? null)
    },
    showInFolder: (path) => deps.shell.showItemInFolder(path),
    startDrag: (path) =>
      window.webContents.startDrag({ file: path, icon: deps.imageFromDataUrl(DRAG_ICON) }),
  }
}
