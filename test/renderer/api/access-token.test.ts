import { describe, expect, it } from 'vitest'
import { TOKEN_STORAGE_KEY, takeAccessToken } from '../../../src/renderer/api/access-token'

/** A tab: its address bar and its session storage, as the page sees them. */
function tab(href: string, stored: Record<string, string> = {}) {
  const shown = { address: href }
  const storage = new Map(Object.entries(stored))
  return {
    shown,
    storage,
    places: {
      href,
      replaceAddress: (address: string) => void (shown.address = new URL(address, href).href),
      storage: {
        getItem: (key: string) => storage.get(key) ?? null,
        setItem: (key: string, value: string) => void storage.set(key, value),
      },
    },
  }
}

/** The web UI's token stays out of the address once the page has it (issue 19, item 5). */
describe('takeAccessToken', () => {
  it('takes the token out of the address, keeping the rest, and keeps it for this tab', () => {
    const opened = tab('http://127.0.0.1:4567/?token=abc123&lang=sv#files')
    expect(takeAccessToken(opened.places)).toBe('abc123')
    expect(opened.shown.address).toBe('http://127.0.0.1:4567/?lang=sv#files')
    expect(opened.storage.get(TOKEN_STORAGE_KEY)).toBe('abc123')
  })

  it('finds it again after a reload, when the address no longer has it', () => {
    const reloaded = tab('http://127.0.0.1:4567/', { [TOKEN_STORAGE_KEY]: 'abc123' })
    expect(takeAccessToken(reloaded.places)).toBe('abc123')
    expect(reloaded.shown.address).toBe('http://127.0.0.1:4567/')
  })

  it('has none for a page opened without it, and still takes it out where storage refuses', () => {
    expect(takeAccessToken(tab('http://127.0.0.1:4567/').places)).toBeUndefined()
    const refusing = tab('http://127.0.0.1:4567/?token=abc123')
    const places = {
      ...refusing.places,
      storage: {
        getItem: () => null,
        setItem: () => {
          throw new Error('QuotaExceededError')
        },
      },
    }
    expect(takeAccessToken(places)).toBe('abc123')
    expect(refusing.shown.address).toBe('http://127.0.0.1:4567/')
  })
})
