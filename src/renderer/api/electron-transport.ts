import type { ElectronBridge } from '../../shared/electron-bridge'
import type { RendererTransport } from './client'

/** The transport inside Electron: the preload's contextBridge object. */
export function electronTransport(bridge: ElectronBridge): RendererTransport {
  return {
    invoke: (name, input) => bridge.invoke(name, input),
    subscribe: (listener) => bridge.subscribe(listener),
    localPathsOf: async (files) => files.map((file) => bridge.pathForFile(file)),
  }
}
