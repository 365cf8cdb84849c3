import type { Session } from 'electron'
import type { AppPage } from './app-page'

/**
 * What the app's page may be granted; everything else (camera, location, HID, serial, USB,
 * clipboard reading, screen capture, opening other programs...) is refused, to any page.
 * - notifications: "sent" and "picked up" desktop notifications.
 * - clipboard-sanitized-write: the key dialog's "Copy public key" (navigator.clipboard.writeText,
 *   which Chromium allows only from a click); refusing it makes that button fail.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  'notifications',
  'clipboard-sanitized-write',
])

/**
 * Electron grants every permission when no handler is set (checklist item 5). Chromium asks in
 * two ways, both answered here: a request (the page asks; `setPermissionRequestHandler`) and a
 * check (the page or Chromium asks what it has; `setPermissionCheckHandler`), plus device
 * pickers (`setDevicePermissionHandler`), which nothing in the app uses.
 */
export function restrictPermissions(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
  page: AppPage,
): void {
  session.setPermissionRequestHandler((_contents, permission, grant, details) =>
    grant(GRANTED_PERMISSIONS.has(permission) && page.isAppOrigin(details.requestingUrl)),
  )
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      GRANTED_PERMISSIONS.has(permission) && page.isAppOrigin(requestingOrigin),
  )
  session.setDevicePermissionHandler(() => false)
}
