import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import { callNames } from '../shared/api-contract'
import { PATH_GRANT_CHANNEL } from '../shared/electron-bridge'
import { EVENT_CHANNEL } from '../shared/transport'
import { coalescingTransferUpdates } from './core/events/coalesced-events'
import type { Mailroom } from './core/app/create-mailroom'
import type { Logger } from './core/logging/logger'
import { usualSitePaths } from './core/profiles/site-import/import-sites'
import { keyFilesOfSites } from './core/profiles/site-import/key-files-of-sites'
import { proposedPathsOf, refuseUngrantedPaths } from './shell/local-path-capability'
import type { PathGrants } from './shell/path-grants'
import { askBeforeSiteImportReads, type ConsentQuestion } from './shell/site-import-consent'

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
 * but the app's own page, asking the person before site import reads files the window was not
 * given (shell/site-import-consent.ts, with `confirm`: a native dialog), and refusing local
 * paths the window was not given for that use (shell/local-path-capability.ts), and forwards
 * core's events to the window. Input validation and everything else is core's dispatch.
 */
export function registerIpc(
  mailroom: Mailroom,
  window: BrowserWindow,
  isAppUrl: (url: string) => boolean,
  logger: Logger,
  grants: PathGrants,
  confirm: (question: ConsentQuestion) => Promise<boolean>,
): () => void {
  const contentsId = window.webContents.id
  const consent = {
    usualPaths: () => usualSitePaths(),
    covers: (path: string) => grants.covers(contentsId, 'read', path),
    grantRead: (path: string) => grants.grant(contentsId, 'read', path, 'file'),
    keyFilesOf: keyFilesOfSites,
    confirm,
  }
  for (const name of callNames) {
    ipcMain.handle(name, async (event, input: unknown) => {
      if (!isTrustedSender(event, window, isAppUrl)) {
        logger.warn('Dropped an IPC call from an untrusted sender', {
          call: name,
          url: event.senderFrame?.url ?? '',
        })
        return { ok: false, error: { kind: 'invalid-input', message: 'Request refused.' } }
      }
      const declined = await askBeforeSiteImportReads(name, input, consent)
      if (declined) return { ok: false, error: declined }
      const refusal = refuseUngrantedPaths(name, input, (purpose, path) =>
        grants.covers(contentsId, purpose, path),
      )
      if (refusal) {
        logger.warn('Refused a local path the window was not given', { call: name })
        return { ok: false, error: refusal }
      }
      const result = await mailroom.dispatch(name, input)
      if (result.ok)
        for (const { purpose, path, reach } of proposedPathsOf(name, result.value))
          grants.grant(contentsId, purpose, path, reach)
      return result
    })
  }
  const onPathGranted = (event: IpcMainEvent, path: unknown) => {
    if (!isTrustedSender(event, window, isAppUrl) || typeof path !== 'string' || path.length > 4096)
      return logger.warn('Dropped a path grant from an untrusted sender', {
        url: event.senderFrame?.url ?? '',
      })
    // The dropped item itself only. Mailroom sends files, not folders (core refuses one with
    // its own message), so a dropped folder is no grant of everything under it.
    grants.grant(contentsId, 'send', path, 'file')
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
