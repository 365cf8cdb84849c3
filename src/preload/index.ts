import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { isKnownCallName } from '../shared/call-names'
import {
  ELECTRON_BRIDGE_KEY,
  PATH_GRANT_CHANNEL,
  type ElectronBridge,
} from '../shared/electron-bridge'
import { EVENT_CHANNEL, type ApiEvent } from '../shared/transport'

/**
 * Exposes the typed API and nothing else: no ipcRenderer, no Node. Only the contract's call
 * names pass (the main side checks the sender and validates every input again).
 */
const bridge: ElectronBridge = {
  invoke: (name, input) =>
    isKnownCallName(name)
      ? ipcRenderer.invoke(name, input)
      : Promise.resolve({
          ok: false,
          error: { kind: 'invalid-input', message: 'Unknown request.' },
        }),
  subscribe: (listener) => {
    // The main side sends events in batches (core/events/coalesced-events.ts).
    const forward = (_event: Electron.IpcRendererEvent, events: readonly ApiEvent[]) => {
      for (const apiEvent of events) listener(apiEvent)
    }
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  },
  // webUtils knows the path only of a File the person dropped or picked (it answers '' for one
  // the page made up), so telling the main side here is what lets that file, and only it, be
  // sent. Sent before the page's next invoke, on the same ordered channel, so it arrives first.
  pathForFile: (file) => {
    const path = webUtils.getPathForFile(file as File)
    if (path) ipcRenderer.send(PATH_GRANT_CHANNEL, path)
    return path
  },
}

contextBridge.exposeInMainWorld(ELECTRON_BRIDGE_KEY, bridge)
