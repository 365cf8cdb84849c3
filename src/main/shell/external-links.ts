/**
 * The pages outside the app that it may open in the person's browser: only https links the app
 * itself shows (Electron's security checklist, item 15: `shell.openExternal` with a URL a
 * compromised page chose can start any program registered for a scheme). Today the UI and
 * the gateway presets (src/renderer, src/shared/presets.ts) link to no page at all, so the list
 * is empty and nothing is ever opened; a link added to the UI is added here, whole, or it stays
 * closed.
 */
export const EXTERNAL_LINKS: readonly string[] = []

/** True only for an https URL that is exactly one of `allowed` (no prefix match: no open redirect). */
export function isAllowedExternalLink(url: string, allowed: readonly string[]): boolean {
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
