import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { setUpProfileAndConnect } from './profile-steps'

let server: E2eServer
let bridge: WebBridgeProcess
let chosenDir: string

test.beforeAll(async () => {
  server = await startE2eServer()
})

// A Mailroom of its own for each test: its own keys, trusted host keys and home folder.
test.beforeEach(async () => {
  bridge = await startWebBridgeProcess()
  // In the home folder: the web UI picks up only into folders there.
  chosenDir = mkdtempSync(join(bridge.home, 'mailroom-e2e-chosen-'))
})

test.afterEach(async () => {
  await bridge?.stop()
})

test.afterAll(async () => {
  await server?.stop()
})

// Issue 10: a Generic SFTP profile with no named folders browses the server's folders, and a
// plain folder had no pickup folder at all, so "Pick up" asked for one with nothing to go on.
test('a Generic SFTP profile without named folders picks up into Documents/Mailroom/<profile>/<folder>', async ({
  page,
}, testInfo) => {
  const orders = randomBytes(64 * 1024)
  // A minute old or more: younger files may still be being written, and pickup leaves them.
  const old = new Date(Date.now() - 5 * 60_000)
  utimesSync(server.writeFile('pickup/ORDERS_4711.edi', orders), old, old)

  await page.goto(bridge.url)
  // A ':' cannot be in a folder name on Windows: the default folder makes it safe.
  await setUpProfileAndConnect(page, server, bridge.home, 'Generic SFTP', 'Acme: EDI')
  await expect(page.getByRole('status').first()).toHaveText(
    `Connected to ${server.host} as ${server.username}`,
  )

  const folders = page.getByRole('tree', { name: 'Mailboxes' })
  await folders.getByRole('treeitem', { name: 'pickup', exact: true }).click()
  const pickupInto = page.getByLabel('Pick up into')
  const defaultDir = join(bridge.home, 'Documents', 'Mailroom', 'Acme_ EDI', 'pickup')
  await expect(pickupInto).toHaveValue(defaultDir)

  const files = page.getByRole('grid', { name: 'Files' })
  await files.getByRole('row', { name: /ORDERS_4711\.edi/ }).click()
  await page
    .getByRole('region', { name: 'Folder contents' })
    .screenshot({ path: testInfo.outputPath('generic-pickup-pane.png') })
  await page.getByRole('button', { name: 'Pick up', exact: true }).click()
  const transfers = page.getByRole('region', { name: 'Transfers' })
  await expect(transfers).toContainText(`Picked up to ${join(defaultDir, 'ORDERS_4711.edi')}`)
  expect(readFileSync(join(defaultDir, 'ORDERS_4711.edi')).equals(orders)).toBe(true)
  // Generic SFTP takes the file, as a gateway's receive mailbox does.
  expect(existsSync(join(server.jail, 'pickup/ORDERS_4711.edi'))).toBe(false)

  // A folder chosen for pickup/ is remembered for it; input/ keeps its own default.
  await pickupInto.fill(chosenDir)
  await pickupInto.press('Enter')
  await folders.getByRole('treeitem', { name: 'input', exact: true }).click()
  await expect(pickupInto).toHaveValue(
    join(bridge.home, 'Documents', 'Mailroom', 'Acme_ EDI', 'input'),
  )
  await folders.getByRole('treeitem', { name: 'pickup', exact: true }).click()
  await expect(pickupInto).toHaveValue(chosenDir)

  // And it outlives the page: a new window asks the main side again.
  await page.reload()
  await page.getByRole('option', { name: /Acme: EDI/ }).dblclick()
  await expect(page.getByRole('status').first()).toHaveText(
    `Connected to ${server.host} as ${server.username}`,
  )
  await folders.getByRole('treeitem', { name: 'pickup', exact: true }).click()
  await expect(pickupInto).toHaveValue(chosenDir)
})

test('a Generic SFTP profile with a named receive folder picks up into Documents/Mailroom/<profile>/<folder>', async ({
  page,
}) => {
  const despatch = randomBytes(16 * 1024)
  const old = new Date(Date.now() - 5 * 60_000)
  utimesSync(server.writeFile('pickup/DESADV_5521.xml', despatch), old, old)

  await page.goto(bridge.url)
  await setUpProfileAndConnect(page, server, bridge.home, 'Generic SFTP', 'Named folders', {
    'Send folders': 'input',
    'Receive folders': 'pickup',
  })
  await expect(page.getByRole('status').first()).toHaveText(
    `Connected to ${server.host} as ${server.username}`,
  )

  const mailboxes = page.getByRole('tree', { name: 'Mailboxes' })
  await mailboxes.getByRole('treeitem', { name: /pickup/ }).click()
  const pickupInto = page.getByLabel('Pick up into')
  await expect(pickupInto).toHaveValue(
    join(bridge.home, 'Documents', 'Mailroom', 'Named folders', 'pickup'),
  )
  const defaultDir = await pickupInto.inputValue()
  await page
    .getByRole('grid', { name: 'Files' })
    .getByRole('row', { name: /DESADV_5521\.xml/ })
    .click()
  await page.getByRole('button', { name: 'Pick up', exact: true }).click()
  await expect(page.getByRole('region', { name: 'Transfers' })).toContainText(
    `Picked up to ${join(defaultDir, 'DESADV_5521.xml')}`,
  )
  expect(readFileSync(join(defaultDir, 'DESADV_5521.xml')).equals(despatch)).toBe(true)
})
