import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import { callNames } from '../shared/api-contract'
import { PATH_GRANT_CHANNEL } from '../shared/electron-bridge'
import { EVENT_CHANNEL } from '../shared/transport'
import { coalescingTransferUpdates } from './core/api/coalesced-events'
import type { Mailroom } from './core/app/create-mailroom'
import type { Logger } from './core/logging/logger'
import type { PathGrants } from './shell/path-grants'
import { refuseUngrantedUpload } from './shell/upload-capability'

/**
 * Whether a message comes from the app's own page in its window's main frame (checklist item
 * 17): not from another window, a frame inside the page, or a page it navigated to.
 */
export function isTrustedSender(
  event: IpcMainInvokeEvent | IpcMainEvent,
  window: BrowserWindow,
  isAppUrl: (url: string) => boolean,
): boolean {
  return (
    event.sender === window.webContents &&
    event.senderFrame !== null &&
    event.senderFrame === window.webContents.mainFrame &&
    isAppUrl(event.senderFrame.url)
  )
}

/**
 * Registers one ipcMain handler per call of the contract, each dropping calls from any frame
 * but the app's own page and refusing uploads of files the window was not given, and forwards
 * core's events to the window. Input validation and everything else is core's dispatch.
 */
export function registerIpc(
  mailroom: Mailroom,
  window: BrowserWindow,
  isAppUrl: (url: string) => boolean,
  logger: Logger,
  grants: PathGrants,
): () => void {
  const contentsId = window.webContents.id
  for (const name of callNames) {
    ipcMain.handle(name, async (event, input: unknown) => {
      if (!isTrustedSender(event, window, isAppUrl)) {
        logger.warn('Dropped an IPC call from an untrusted sender', {
          call: name,
          url: event.senderFrame?.url ?? '',
        })
        return { ok: false, error: { kind: 'invalid-input', message: 'Request refused.' } }
      }
      const refusal = refuseUngrantedUpload(name, input, (path) => grants.covers(contentsId, path))
      if (refusal) {
        logger.warn('Refused to send a file the window was not given', { call: name })
        return { ok: false, error: refusal }
      }
      const result = await mailroom.dispatch(name, input)
      // The archive transfer:zip made from granted files is the window's to send.
      if (name === 'transfer:zip' && result.ok && typeof result.value === 'string')
        grants.grant(contentsId, result.value)
      return result
    })
  }
  const onPathGranted = (event: IpcMainEvent, path: unknown) => {
    if (!isTrustedSender(event, window, isAppUrl) || typeof path !== 'string' || path.length > 4096)
      return logger.warn('Dropped a path grant from an untrusted sender', {
        url: event.senderFrame?.url ?? '',
      })
    grants.grant(contentsId, path)
  }
  ipcMain.on(PATH_GRANT_CHANNEL, onPathGranted)
  const toWindow = coalescingTransferUpdates((events) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, events)
  })
  const unsubscribe = mailroom.subscribe(toWindow.listener)
  return () => {
    unsubscribe()
    toWindow.stop()
    for (const name of callNames) ipcMain.removeHandler(name)
    ipcMain.removeListener(PATH_GRANT_CHANNEL, onPathGranted)
    grants.forget(contentsId)
  }
}
