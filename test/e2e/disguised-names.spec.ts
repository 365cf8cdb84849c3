import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { setUpProfileAndConnect } from './profile-steps'

let server: E2eServer
let bridge: WebBridgeProcess
let pickupDir: string

// Shown raw, this reads "invoiceexe.pdf": a program passing for a PDF. Linux forbids only "/"
// and NUL in a name, so it is a real file in the jail, served alike by sshd and the demo server.
const DISGUISED = 'invoice\u202Efdp.exe'

test.beforeAll(async () => {
  server = await startE2eServer()
  bridge = await startWebBridgeProcess()
  pickupDir = mkdtempSync(join(bridge.home, 'mailroom-e2e-disguised-'))
  // A minute old or more, so pickup does not leave it for later as still being written.
  const old = new Date(Date.now() - 5 * 60_000)
  utimesSync(server.writeFile(`pickup/${DISGUISED}`, '%PDF? no, MZ'), old, old)
})

test.afterAll(async () => {
  await bridge?.stop()
  await server?.stop()
  rmSync(pickupDir, { recursive: true, force: true })
})

test('a name with a right-to-left override shows the override as a code, in files, transfers and the history', async ({
  page,
}, testInfo) => {
  await page.goto(bridge.url)
  await setUpProfileAndConnect(page, server, bridge.home, 'Generic SFTP', 'Disguised names')
  await page
    .getByRole('tree', { name: 'Mailboxes' })
    .getByRole('treeitem', { name: 'pickup', exact: true })
    .click()

  const files = page.getByRole('grid', { name: 'Files' })
  const row = files.getByRole('row', { name: /invoice U\+202E fdp\.exe/ })
  await expect(row).toBeVisible()
  const marker = row.locator('.invisible-character')
  await expect(marker).toHaveText('U+202E')
  await expect(marker).toBeVisible()
  // What is drawn: the code in place of the override, so the name ends in its real extension.
  const drawn = row.locator('.visible-name > [aria-hidden="true"]')
  await expect(drawn).toHaveText('invoiceU+202Efdp.exe')
  expect(await row.innerText()).not.toContain('\u202E')
  expect(await row.getAttribute('title')).toBe('pickup/invoice U+202E fdp.exe')
  await files.screenshot({ path: testInfo.outputPath('disguised-name-files.png') })

  await row.click()
  await page.getByLabel('Pick up into').fill(pickupDir)
  await page.getByLabel('Pick up into').press('Enter')
  await page.getByRole('button', { name: 'Pick up', exact: true }).click()
  const transfers = page.getByRole('region', { name: 'Transfers' })
  await expect(transfers).toContainText(`Picked up to ${join(pickupDir, 'invoice_fdp.exe')}`)
  await expect(transfers.locator('.invisible-character')).toHaveText('U+202E')
  expect(await transfers.innerText()).not.toContain('\u202E')
  expect(readdirSync(pickupDir)).toEqual(['invoice_fdp.exe'])
  expect(existsSync(join(server.jail, 'pickup', DISGUISED))).toBe(false)

  await page.getByRole('button', { name: 'Pickup history' }).click()
  const history = page.getByRole('dialog', { name: 'Pickup history' })
  const historyRow = history.getByRole('row', { name: /pickup\/invoice U\+202E fdp\.exe/ })
  await expect(historyRow).toBeVisible()
  await expect(historyRow.locator('.invisible-character')).toHaveText('U+202E')
  expect(await historyRow.innerText()).not.toContain('\u202E')
  await page.screenshot({ path: testInfo.outputPath('disguised-name-history.png') })
})
