import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { setUpProfileAndConnect } from './profile-steps'

let server: E2eServer
let bridge: WebBridgeProcess
let destination: string
const COUNT = 3_000
const INBOX = 'as2gateway/RJ_ONE/DemoAS2/inbox'

test.beforeAll(async () => {
  server = await startE2eServer()
  // Ten minutes old: past AS2 Gateway's one-minute threshold for files still being written.
  const old = (Date.now() - 10 * 60 * 1000) / 1000
  for (let index = 0; index < COUNT; index += 1) {
    const file = server.writeFile(
      `${INBOX}/DESADV-${String(index).padStart(5, '0')}.edi`,
      `UNA ${index}`,
    )
    utimesSync(file, old, old)
  }
  destination = mkdtempSync(join(tmpdir(), 'mailroom-e2e-batch-'))
  bridge = await startWebBridgeProcess()
})

test.afterAll(async () => {
  await bridge?.stop()
  await server?.stop()
  rmSync(destination, { recursive: true, force: true })
})

test('a batch of 3,000 files shows in Transfers with a summary, running files first, only the rows in view in the page', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  await page.goto(bridge.url)
  await setUpProfileAndConnect(page, server, 'AS2 Gateway', 'Busy inbox')
  const inbox = page.getByRole('tree', { name: 'Mailboxes' }).locator(`[title="${INBOX}"]`)
  await expect(inbox).toHaveAccessibleName(`inbox, ${COUNT} waiting`)
  await inbox.click()
  await expect(
    page.getByRole('status').filter({ hasText: `${COUNT.toLocaleString('en')} files` }),
  ).toBeVisible({ timeout: 30_000 })
  const pickupInto = page.getByLabel('Pick up into')
  await pickupInto.fill(destination)
  await pickupInto.press('Enter')

  const started = Date.now()
  await page.getByRole('button', { name: 'Pick up all' }).click()
  const transfers = page.getByRole('region', { name: 'Transfers' })
  const summary = transfers.getByLabel('Batch summary')
  // While it runs: the running files come first, each with its progress bar.
  await expect(summary).toContainText(`of ${COUNT.toLocaleString('en')} done`)
  await expect(transfers.locator('li').first()).toHaveClass(/transfer-(running|verifying|done)/)
  await page.screenshot({ path: testInfo.outputPath('large-batch-running.png') })

  await expect(summary).toHaveText(
    `${COUNT.toLocaleString('en')} of ${COUNT.toLocaleString('en')} done`,
    { timeout: 90_000 },
  )
  const rows = await transfers.locator('li').count()
  console.log(
    `${COUNT} files picked up through the UI in ${((Date.now() - started) / 1000).toFixed(1)} s; ${rows} rows in Transfers`,
  )
  expect(rows).toBeLessThan(60)
  expect(readdirSync(destination)).toHaveLength(COUNT)
  expect(readdirSync(join(server.jail, INBOX))).toEqual([])
  // The page still answers: the Files table shows the emptied inbox.
  await expect(page.getByRole('table', { name: 'Files' }).getByRole('row')).toHaveCount(1, {
    timeout: 30_000,
  })
  // And the tree's count: nothing waits any more.
  await expect(inbox).not.toHaveAccessibleName(/waiting/, { timeout: 30_000 })
  await page.screenshot({ path: testInfo.outputPath('large-batch-done.png') })
})
