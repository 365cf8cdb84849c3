import { utimesSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { setUpProfileAndConnect } from './profile-steps'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'

let server: E2eServer
let bridge: WebBridgeProcess
const COUNT = 10_000

test.beforeAll(async () => {
  server = await startE2eServer()
  const inbox = 'as2gateway/RJ_ONE/DemoAS2/inbox'
  for (let index = 0; index < COUNT; index += 1) {
    const number = String(index).padStart(5, '0')
    server.writeFile(
      `${inbox}/20261123${number}-${index}-INVOICE-${number}.xml`,
      `<Invoice n="${index}"/>`.padEnd(100 + (index % 50), ' '),
    )
  }
  // Two files near AS2 Gateway's 48-hour retention, one in a per-message folder.
  const old = (Date.now() - 30 * 60 * 60 * 1000) / 1000
  utimesSync(server.writeFile(`${inbox}/20261122080000-1-OLD-ORDERS.edi`, 'UNA'), old, old)
  utimesSync(server.writeFile(`${inbox}/20261122090000-2/OLD-DESADV.edi`, 'UNA'), old, old)
  bridge = await startWebBridgeProcess()
})

test.afterAll(async () => {
  await bridge?.stop()
  await server?.stop()
})

test('an inbox of 10,000 files opens, scrolls, sorts and filters smoothly, and warns of files near retention', async ({
  page,
}, testInfo) => {
  await page.goto(bridge.url)
  await setUpProfileAndConnect(page, server, bridge.home, 'AS2 Gateway', 'Busy gateway')

  const inbox = page
    .getByRole('tree', { name: 'Mailboxes' })
    .locator('[title="as2gateway/RJ_ONE/DemoAS2/inbox"]')
  await expect(inbox).toHaveAccessibleName(`inbox, ${COUNT + 2} waiting`)
  const table = page.getByRole('grid', { name: 'Files' })
  const started = Date.now()
  await inbox.click()
  await expect(
    page.getByRole('status').filter({ hasText: `${(COUNT + 2).toLocaleString('en')} files` }),
  ).toBeVisible({ timeout: 30_000 })
  const listed = Date.now() - started
  const renderedRows = await table.locator('tbody tr[data-index]').count()
  expect(renderedRows).toBeLessThan(80)

  // Names show the original attachment name, the prefix as the message; old files are flagged.
  await expect(table.getByRole('row', { name: /OLD-ORDERS\.edi 20261122080000-1/ })).toBeVisible()
  await expect(table.getByRole('row', { name: /OLD-DESADV\.edi 20261122090000-2/ })).toContainText(
    'h left',
  )
  await page.screenshot({ path: testInfo.outputPath('large-inbox.png') })

  const scrollStarted = Date.now()
  await page.locator('.file-pane').evaluate((element) => element.scrollTo(0, element.scrollHeight))
  await expect(table.getByRole('row', { name: /INVOICE-09999\.xml/ })).toBeVisible()
  const scrolled = Date.now() - scrollStarted

  await page.getByLabel('Filter files').fill('INVOICE-0424')
  await expect(
    page.getByRole('status').filter({ hasText: `10 of ${(COUNT + 2).toLocaleString('en')}` }),
  ).toBeVisible()
  await page.getByLabel('Filter files').fill('')
  await table.getByRole('button', { name: /Size/ }).click()
  await table.getByRole('button', { name: /Size/ }).click()
  await expect(table.locator('tbody tr[data-index="0"]')).toContainText('149 bytes')

  // The keyboard in the grid: End and Home reach the last and first of 10,002 rows (the last is
  // drawn on the way), Shift+End and Shift+Home select from the anchor, Ctrl/Cmd+A all.
  const selected = (text: string) => page.getByRole('status').filter({ hasText: text })
  const row = (index: number) => table.locator(`tbody tr[data-index="${index}"]`)
  await page.locator('.file-pane').evaluate((element) => element.scrollTo(0, 0))
  await row(0).click()
  await expect(selected('10,002 files, 1 selected')).toBeVisible()
  await page.keyboard.press('End')
  await expect(row(COUNT + 1)).toBeFocused()
  await expect(row(COUNT + 1)).toHaveAttribute('aria-selected', 'false')
  await page.keyboard.press('Home')
  await expect(row(0)).toBeFocused()
  await page.keyboard.press('Shift+End')
  await expect(row(COUNT + 1)).toBeFocused()
  await expect(selected(`${COUNT + 2} selected`)).toBeVisible()
  await row(COUNT).click()
  await expect(selected('10,002 files, 1 selected')).toBeVisible()
  await page.keyboard.press('Shift+Home')
  await expect(row(0)).toBeFocused()
  await expect(selected(`${COUNT + 1} selected`)).toBeVisible()
  await row(5).click()
  await page.keyboard.press('ControlOrMeta+A')
  await expect(selected(`${COUNT + 2} selected`)).toBeVisible()
  // Only one row is in the Tab order (the grid pattern), not each of the 10,002.
  await expect(table.locator('tbody tr[tabindex="0"]')).toHaveCount(1)

  const timings = `10,002 files: listed and first rows shown in ${listed} ms; ${renderedRows} rows in the page; scrolled to the last in ${scrolled} ms`
  console.log(timings)
  testInfo.annotations.push({ type: 'timings', description: timings })
})
