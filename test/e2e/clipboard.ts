import type { BrowserContext, Page } from '@playwright/test'

/** Lets the page at `url` write the clipboard (Copy public key) and the test read it back. */
export async function allowClipboard(context: BrowserContext, url: string): Promise<void> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(url).origin,
  })
}

/** What the page put on the clipboard. */
export async function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  )
}
