import { join, resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test'

/** With UPDATE_SCREENSHOTS=1 the specs write their screenshots to docs/screenshots/. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1'
const DOCS = resolve(import.meta.dirname, '../../docs/screenshots')
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const

/**
 * A screen's screenshot at both sizes the docs show, to docs/screenshots/ or the test's output;
 * `top`: what to scroll to the top of the dialog first. Shared by the specs that take them.
 */
export async function shoot(
  page: Page,
  testInfo: TestInfo,
  what: Locator,
  name: string,
  top?: Locator,
) {
  for (const size of SIZES) {
    await page.setViewportSize(size)
    await top?.evaluate((element) => element.scrollIntoView({ block: 'start' }))
    const file = `${name}-${size.width}x${size.height}.png`
    await what.screenshot({ path: SCREENSHOTS ? join(DOCS, file) : testInfo.outputPath(file) })
  }
  await page.setViewportSize(SIZES[0])
}

/** The screen has no serious or critical accessibility violation, in light or dark. */
export async function expectAccessible(page: Page, screen: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const { violations } = await new AxeBuilder({ page }).analyze()
    const blocking = violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help}`)
    expect(blocking, `${screen}, ${scheme}`).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
