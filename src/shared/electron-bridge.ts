import type { ApiTransport } from './transport'

/**
 * What the preload exposes on `window.mailroom`: the contract's transport and, for dropped
 * files, Electron's `webUtils.getPathForFile`. Nothing else crosses into the page.
 */
export interface ElectronBridge extends ApiTransport {
  pathForFile(file: unknown): string
}

export const ELECTRON_BRIDGE_KEY = 'mailroom'

/**
 * The preload's own message to the main side: "the person dropped this file on this window"
 * (or picked it in the page's file input), which lets the window send it and nothing else
 * (src/main/shell/path-grants.ts says why). Not a call of the contract, so the page cannot
 * send it through `invoke`; only `pathForFile`, given a real dropped File, sends it.
 */
export const PATH_GRANT_CHANNEL = 'mailroom:path-granted'
