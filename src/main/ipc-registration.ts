import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { callNames } from '../shared/api-contract'
import { EVENT_CHANNEL } from '../shared/transport'
import { coalescingTransferUpdates } from './core/api/coalesced-events'
import type { Mailroom } from './core/app/create-mailroom'
import type { Logger } from './core/logging/logger'

/**
 * Registers one ipcMain handler per call of the contract, each dropping calls from any frame
 * but the app's own page, and forwards core's events to the window. No logic lives here.
 */
export function registerIpc(
  mailroom: Mailroom,
  window: BrowserWindow,
  isAppUrl: (url: string) => boolean,
  logger: Logger,
): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender === window.webContents &&
    event.senderFrame !== null &&
    event.senderFrame === window.webContents.mainFrame &&
    isAppUrl(event.senderFrame.url)

  for (const name of callNames) {
    ipcMain.handle(name, (event, input: unknown) => {
      if (!trusted(event)) {
        logger.warn('Dropped an IPC call from an untrusted sender', {
          call: name,
          url: event.senderFrame?.url ?? '',
        })
        return { ok: false, error: { kind: 'invalid-input', message: 'Request refused.' } }
      }
      return mailroom.dispatch(name, input)
    })
  }
  const toWindow = coalescingTransferUpdates((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event)
  })
  const unsubscribe = mailroom.subscribe(toWindow.listener)
  return () => {
    unsubscribe()
    toWindow.stop()
    for (const name of callNames) ipcMain.removeHandler(name)
  }
}
