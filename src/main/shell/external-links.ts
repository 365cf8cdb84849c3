import { isPublicKeyMailto } from '../../shared/public-key-mail'

/**
 * The pages outside the app that it may open in the person's browser: only https links the app
 * itself shows (Electron's security checklist, item 15: `shell.openExternal` with a URL a
 * compromised page chose can start any program registered for a scheme). Today the UI and
 * the gateway presets (src/renderer, src/shared/presets.ts) link to no page at all, so the list
 * is empty and no page is ever opened; a link added to the UI is added here, whole, or it stays
 * closed. Besides pages, one mail link is let through: the key handoff's "Email public key…",
 * exactly as src/shared/public-key-mail.ts builds it (a new mail, no recipient, a public key as
 * its body), so the mail program is never started for anything else.
 */
export const EXTERNAL_LINKS: readonly string[] = []

/**
 * True only for an https URL that is exactly one of `allowed` (no prefix match: no open
 * redirect), or for the public key mail.
 */
export function isAllowedExternalLink(url: string, allowed: readonly string[]): boolean {
  if (isPublicKeyMailto(url)) return true
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false
  return allowed.some((link) => new URL(link).href === parsed.href)
}

/** Hands an allowed link to the browser: the opening, or undefined when the link is not ours. */
export function openIfAllowed(
  url: string,
  allowed: readonly string[],
  openExternal: (url: string) => Promise<void>,
): Promise<void> | undefined {
  return isAllowedExternalLink(url, allowed) ? openExternal(url) : undefined
}
