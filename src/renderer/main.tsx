import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ELECTRON_BRIDGE_KEY, type ElectronBridge } from '../shared/electron-bridge'
import { App } from './app'
import { takeAccessToken } from './api/access-token'
import { createClient, type RendererTransport } from './api/client'
import { electronTransport } from './api/electron-transport'
import { webTransport } from './api/web-transport'
import './styles.css'

/** Inside Electron the preload has exposed the bridge; in a browser the page came from the web bridge. */
function chooseTransport(): RendererTransport | string {
  const bridge = (window as unknown as Record<string, ElectronBridge | undefined>)[
    ELECTRON_BRIDGE_KEY
  ]
  if (bridge) return electronTransport(bridge)
  const token = takeAccessToken({
    href: window.location.href,
    replaceAddress: (address) => window.history.replaceState(window.history.state, '', address),
    storage: storageOrUndefined(),
  })
  return token
    ? webTransport(token)
    : 'Open Mailroom with the address it printed when it started: that address carries the access token.'
}

/** sessionStorage, which merely reading throws for in some browsers' settings. */
function storageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage
  } catch {
    return undefined
  }
}

const root = createRoot(document.getElementById('root') as HTMLElement)
const transport = chooseTransport()
root.render(
  <StrictMode>
    {typeof transport === 'string' ? (
      <p className="placeholder">{transport}</p>
    ) : (
      <App client={createClient(transport)} />
    )}
  </StrictMode>,
)
