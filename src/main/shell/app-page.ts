import { APP_PAGE_URL } from './app-protocol'

/**
 * The one page the window may show, and the checks that follow from it: navigation, IPC
 * senders and permission requests are allowed only for this page (or its origin). In
 * development the page comes from electron-vite's dev server (ELECTRON_RENDERER_URL); otherwise
 * from app://mailroom/.
 */
export interface AppPage {
  readonly url: string
  /** The page itself, whatever its query or fragment: a reload is fine, anything else is not. */
  isAppUrl(url: string): boolean
  /** The page's origin, for permission requests (Chromium gives an origin, not a URL). */
  isAppOrigin(origin: string): boolean
}

/** The URL without query or fragment, normalised (`http://localhost:5173` and its `/` agree). */
function withoutQuery(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname || '/'}`
  } catch {
    return undefined
  }
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    // A non-special scheme reports the origin "null"; app:// is registered as standard, but
    // URL in Node does not know that, so build it from the parts.
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return undefined
  }
}

export function appPage(devServerUrl: string | undefined): AppPage {
  const url = devServerUrl || APP_PAGE_URL
  const page = withoutQuery(url)
  const origin = originOf(url)
  return {
    url,
    isAppUrl: (candidate) => page !== undefined && withoutQuery(candidate) === page,
    isAppOrigin: (candidate) => {
      const candidateOrigin = originOf(candidate)
      return candidateOrigin !== undefined && candidateOrigin === origin
    },
  }
}
