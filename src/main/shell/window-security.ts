import type { WebContents, WebPreferences } from 'electron'
import type { Logger } from '../core/logging/logger'
import type { AppPage } from './app-page'
import { openIfAllowed } from './external-links'

/**
 * The window's web preferences, each one spelled out even where it is Electron's default, so a
 * change of default (or of this file) is seen in review and in the test that asserts them.
 * Numbers are the items of Electron's security checklist.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true, // 3
    sandbox: true, // 4
    nodeIntegration: false, // 2
    nodeIntegrationInWorker: false, // 2
    nodeIntegrationInSubFrames: false, // 2
    webSecurity: true, // 6
    allowRunningInsecureContent: false, // 8
    experimentalFeatures: false, // 9
    enableBlinkFeatures: '', // 10
    webviewTag: false, // 11, 12
    // A file dropped outside a drop zone must not replace the page with that file.
    navigateOnDragDrop: false, // 13
    safeDialogs: true,
    spellcheck: false,
  }
}

export interface WebContentsPolicy {
  readonly page: AppPage
  readonly externalLinks: readonly string[]
  readonly openExternal: (url: string) => Promise<void>
  readonly logger: Logger
}

/**
 * Every web contents the app ever creates shows the app's page and nothing else: navigation
 * elsewhere and every redirect are refused (13), no window is opened (14), no <webview> is
 * attached (12), and a link the app wrote goes to the browser instead (15).
 */
export function hardenWebContents(contents: WebContents, policy: WebContentsPolicy): void {
  const toBrowser = (url: string) => {
    const opening = openIfAllowed(url, policy.externalLinks, policy.openExternal)
    if (!opening) {
      policy.logger.warn('Refused to open a page outside the app', { url })
      return
    }
    opening.catch((error: unknown) =>
      policy.logger.warn('Could not open a link in the browser', { url, error: String(error) }),
    )
  }
  contents.on('will-navigate', (event, url) => {
    if (policy.page.isAppUrl(url)) return
    event.preventDefault()
    toBrowser(url)
  })
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame && policy.page.isAppUrl(event.url)) return
    event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    toBrowser(url)
    return { action: 'deny' }
  })
}
