/** Where the page keeps the web bridge's token for this tab: per origin, so per bridge and port. */
export const TOKEN_STORAGE_KEY = 'mailroom-access-token'

/** The parts of the browser the token is taken from and kept in, as plain data for tests. */
export interface TokenPlaces {
  readonly href: string
  replaceAddress(address: string): void
  readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined
}

/**
 * The web bridge's access token, taken out of the address once the page has it: left there,
 * browser history, synced history, a shared screen or a terminal's scrollback would keep the one
 * thing that lets a page drive Mailroom. It is kept in this tab's session storage (scoped to the
 * bridge's origin, gone when the tab closes, never synced), so a reload still works. Undefined
 * when the page was opened without it.
 */
export function takeAccessToken(places: TokenPlaces): string | undefined {
  const address = new URL(places.href)
  const given = address.searchParams.get('token')
  if (given) {
    try {
      places.storage?.setItem(TOKEN_STORAGE_KEY, given)
    } catch {
      // Storage refused (a private window's quota): the token lives in memory only, and a
      // reload shows how to open Mailroom again.
    }
    address.searchParams.delete('token')
    places.replaceAddress(`${address.pathname}${address.search}${address.hash}`)
    return given
  }
  try {
    return places.storage?.getItem(TOKEN_STORAGE_KEY) ?? undefined
  } catch {
    return undefined
  }
}
