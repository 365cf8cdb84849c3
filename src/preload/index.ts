import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { isKnownCallName } from '../shared/call-names'
import { ELECTRON_BRIDGE_KEY, type ElectronBridge } from '../shared/electron-bridge'
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
    const forward = (_event: Electron.IpcRendererEvent, apiEvent: ApiEvent) => listener(apiEvent)
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  },
  pathForFile: (file) => webUtils.getPathForFile(file as File),
}

contextBridge.exposeInMainWorld(ELECTRON_BRIDGE_KEY, bridge)
