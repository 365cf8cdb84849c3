import type { Session } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'

/**
 * The app's CSP as a response header on everything the session loads over http(s): the dev
 * server's pages in development (checklist item 7). app:// responses carry it themselves
 * (app-protocol.ts), and the page repeats it in a meta tag.
 */
export function sendContentSecurityPolicy(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    })
  })
}
