import type { ApiTransport } from './transport'

/**
 * What the preload exposes on `window.mailroom`: the contract's transport and, for dropped
 * files, Electron's `webUtils.getPathForFile`. Nothing else crosses into the page.
 */
export interface ElectronBridge extends ApiTransport {
  pathForFile(file: unknown): string
}

export const ELECTRON_BRIDGE_KEY = 'mailroom'
