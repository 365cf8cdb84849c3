import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { sshKeygenFingerprint } from '../fixtures/key-files'
import { clientKeyInHome } from './profile-steps'

let server: E2eServer
let bridge: WebBridgeProcess
let pickupDir: string

test.beforeAll(async () => {
  server = await startE2eServer()
  bridge = await startWebBridgeProcess()
  pickupDir = mkdtempSync(join(bridge.home, 'mailroom-e2e-pickup-'))
})

test.afterAll(async () => {
  await bridge?.stop()
  await server?.stop()
  rmSync(pickupDir, { recursive: true, force: true })
})

test('set up a profile, trust the host key, send by dropping, pick up', async ({
  page,
}, testInfo) => {
  const invoice = randomBytes(256 * 1024)
  const waiting = Buffer.from("UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+261123:0830+1'\n")
  const second = Buffer.from('<DESADV id="5521"/>')
  // Files a minute old or more: younger ones may still be being written, and pickup leaves them.
  const old = new Date(Date.now() - 5 * 60_000)
  utimesSync(server.writeFile('pickup/ORDERS_20261123.edi', waiting), old, old)
  utimesSync(server.writeFile('pickup/DESADV_5521.xml', second), old, old)
  server.writeFile('pickup/STILL_ARRIVING.edi', 'partial')
  const hostFingerprint = sshKeygenFingerprint(server.hostKeyPublicPath)

  await page.goto(bridge.url)
  await expect(page.getByRole('status')).toHaveText('Not connected')

  await page.getByRole('button', { name: 'New profile' }).click()
  const profile = page.getByRole('dialog', { name: 'Profile' })
  await profile.getByLabel('Profile name').fill('Test gateway')
  await profile.getByLabel('Host').fill(server.host)
  await profile.getByLabel('Port').fill('99999')
  await expect(profile.getByText('Port is 1 to 65535')).toBeVisible()
  await profile.getByLabel('Port').fill(String(server.port))
  await profile.getByLabel('User name').fill(server.username)
  await profile.getByRole('button', { name: 'Import key' }).click()
  const importKey = page.getByRole('dialog', { name: 'Import key' })
  await importKey.getByLabel('Private key file').fill(clientKeyInHome(server, bridge.home))
  await importKey.getByRole('button', { name: 'Import' }).click()
  await expect(importKey).toBeHidden()
  await expect(profile.locator('code.fingerprint')).toContainText('SHA256:')
  await page.screenshot({ path: testInfo.outputPath('profile-dialog.png') })
  await profile.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(profile).toBeHidden()

  await page.getByRole('button', { name: 'Connect' }).click()
  const hostKey = page.getByRole('dialog', { name: 'Unknown host key' })
  await expect(hostKey).toContainText(hostFingerprint)
  await expect(hostKey).toContainText('ssh-ed25519')
  await page.screenshot({ path: testInfo.outputPath('unknown-host-key.png') })
  await hostKey.getByRole('button', { name: 'Trust' }).click()
  await expect(page.getByRole('status')).toHaveText(
    `Connected to ${server.host} as ${server.username}`,
  )

  const mailboxes = page.getByRole('tree', { name: 'Mailboxes' })
  for (const folder of ['input', 'pickup', 'as2gateway', 'AS2']) {
    await expect(mailboxes.getByRole('treeitem', { name: folder, exact: true })).toBeVisible()
  }

  await mailboxes.getByRole('treeitem', { name: 'input', exact: true }).drop({
    files: { name: 'INVOICE-4711.pdf', mimeType: 'application/pdf', buffer: invoice },
  })
  const transfers = page.getByRole('region', { name: 'Transfers' })
  await expect(transfers).toContainText('Sending INVOICE-4711.pdf')
  await expect(transfers).toContainText('Sent')
  expect(readFileSync(join(server.jail, 'input/INVOICE-4711.pdf')).equals(invoice)).toBe(true)

  await mailboxes.getByRole('treeitem', { name: 'pickup', exact: true }).click()
  const files = page.getByRole('grid', { name: 'Files' })
  await files.getByRole('row', { name: /ORDERS_20261123\.edi/ }).click()
  await files.getByRole('row', { name: /DESADV_5521\.xml/ }).click({ modifiers: ['Control'] })
  await files.getByRole('row', { name: /STILL_ARRIVING\.edi/ }).click({ modifiers: ['Control'] })
  await expect(page.getByText('3 selected')).toBeVisible()
  await page.getByLabel('Pick up into').fill(pickupDir)
  await page.getByLabel('Pick up into').press('Enter')
  await page.getByRole('button', { name: 'Pick up', exact: true }).click()
  await expect(transfers).toContainText(`Picked up to ${join(pickupDir, 'ORDERS_20261123.edi')}`)
  expect(readFileSync(join(pickupDir, 'ORDERS_20261123.edi')).equals(waiting)).toBe(true)
  expect(existsSync(join(server.jail, 'pickup/ORDERS_20261123.edi'))).toBe(false)
  await expect(transfers).toContainText(`Picked up to ${join(pickupDir, 'DESADV_5521.xml')}`)
  await expect(
    page.getByText(/1 file was left for later: changed less than a minute ago/),
  ).toBeVisible()
  expect(readFileSync(join(pickupDir, 'DESADV_5521.xml')).equals(second)).toBe(true)
  expect(readdirSync(pickupDir).sort()).toEqual(['DESADV_5521.xml', 'ORDERS_20261123.edi'])
  expect(readdirSync(join(server.jail, 'pickup'))).toEqual(['STILL_ARRIVING.edi'])
  await expect(files.getByRole('row', { name: /ORDERS_20261123\.edi/ })).toBeHidden()

  await page.getByRole('button', { name: 'Pickup history' }).click()
  const history = page.getByRole('dialog', { name: 'Pickup history' })
  const historyTable = history.getByRole('table', { name: 'Picked up files' })
  await expect(historyTable.getByRole('row')).toHaveCount(3)
  await expect(historyTable).toContainText('pickup/ORDERS_20261123.edi')
  await expect(historyTable).toContainText(join(pickupDir, 'DESADV_5521.xml'))
  await expect(historyTable).toContainText(createHash('sha256').update(second).digest('hex'))
  await page.screenshot({ path: testInfo.outputPath('pickup-history.png') })
  await history.getByRole('button', { name: 'Close' }).click()

  await mailboxes.getByRole('treeitem', { name: 'input', exact: true }).click()
  await expect(files.getByRole('row', { name: /INVOICE-4711\.pdf/ })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('main-window.png') })
})
