import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { startDemoProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'

let demo: WebBridgeProcess

test.beforeAll(async () => {
  demo = await startDemoProcess()
})

test.afterAll(async () => {
  await demo?.stop()
})

test('the session log: connections, host keys, logins and a pickup, filtered by profile and saved', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  await page.goto(demo.url)
  const profiles = page.getByRole('listbox', { name: 'Profiles' })
  const tree = page.getByRole('tree', { name: 'Mailboxes' })
  const transfers = page.getByRole('region', { name: 'Transfers' })

  // AS2 Gateway: connect, trust its key, pick up what waits in the inbox.
  await profiles.getByRole('option', { name: /Demo AS2 Gateway/ }).dblclick()
  await page
    .getByRole('dialog', { name: 'Unknown host key' })
    .getByRole('button', { name: 'Trust' })
    .click()
  await tree.locator('[title="as2gateway/RJ_ONE/DemoAS2/inbox"]').click()
  // In the home folder: the web UI picks up and saves only there.
  const pickupFolder = join(demo.home, 'picked-up')
  await page.getByLabel('Pick up into').fill(pickupFolder)
  await page.getByLabel('Pick up into').press('Enter')
  await page.getByRole('button', { name: 'Pick up all' }).click()
  await expect(transfers).toContainText(`Picked up to ${pickupFolder}`)

  // Then Amili, on another port: its key is asked about too.
  await profiles.getByRole('option', { name: /Demo Amili/ }).dblclick()
  await page
    .getByRole('dialog', { name: 'Unknown host key' })
    .getByRole('button', { name: 'Trust' })
    .click()
  await expect(page.getByRole('status').first()).toHaveText('Connected to 127.0.0.1 as 12345678')

  await page.getByRole('button', { name: 'Session log' }).click()
  const dialog = page.getByRole('dialog', { name: 'Session log' })
  const table = dialog.getByRole('table', { name: 'Session log' })
  const profile = dialog.getByLabel('Profile')
  // It opens on the connected profile.
  await expect(profile).toHaveValue(/.+/)
  await expect(profile.locator('option:checked')).toHaveText('Demo Amili')
  await expect(table).toContainText('Logged in to 127.0.0.1 as 12345678')
  await expect(table).not.toContainText('demo_as2')

  await profile.selectOption({ label: 'All profiles' })
  const rows = table.locator('tbody tr[data-index]')
  await expect(table).toContainText('Connecting to 127.0.0.1')
  await expect(table).toContainText(
    /Unknown host key for 127\.0\.0\.1 port \d+: ssh-ed25519 SHA256:/,
  )
  await expect(table).toContainText(/Host key of 127\.0\.0\.1 port \d+ trusted/)
  await expect(table).toContainText('Logged in to 127.0.0.1 as demo_as2')
  await expect(table).toContainText(/Picked up \S+ \([\d.]+ (bytes|KB)\) in /)
  // Double-clicking Amili closed AS2 Gateway's connection.
  await expect(table).toContainText('Disconnected')
  // Newest at the bottom: Amili's login comes after AS2 Gateway's pickup.
  const texts = await rows.allInnerTexts()
  const pickedUp = texts.findIndex((text) => /Picked up /.test(text))
  const amiliLogin = texts.findIndex((text) => text.includes('as 12345678 with'))
  expect(pickedUp).toBeGreaterThanOrEqual(0)
  expect(amiliLogin).toBeGreaterThan(pickedUp)
  await expect(rows.first().getByRole('cell').first()).toHaveText(/^\d\d:\d\d:\d\d$/)

  // Filter by profile, by level and by text.
  await profile.selectOption({ label: 'Demo AS2 Gateway' })
  await expect(table).toContainText('Logged in to 127.0.0.1 as demo_as2')
  await expect(table).not.toContainText('12345678')
  await dialog.getByLabel('Find').fill('picked up')
  await expect(rows.filter({ hasText: 'Picked up' }).first()).toBeVisible()
  for (const text of await rows.allInnerTexts()) expect(text.toLowerCase()).toContain('picked up')
  await dialog.getByLabel('Find').fill('')
  await dialog.getByLabel('Show').selectOption({ label: 'Warnings and errors' })
  for (const text of await rows.allInnerTexts()) expect(text).toMatch(/Warning|Error/)
  await dialog.getByLabel('Show').selectOption({ label: 'All entries' })

  // Send a file to Amili's input and watch the log while the gateway takes it: new entries
  // arrive while it is open and show at the bottom, followed.
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await tree.getByRole('treeitem', { name: /^input$/ }).drop({
    files: { name: 'INVOICE-LOG-1.xml', mimeType: 'text/xml', buffer: Buffer.from('<invoice/>') },
  })
  await page.getByRole('button', { name: 'Session log' }).click()
  await dialog.getByLabel('Profile').selectOption({ label: 'All profiles' })
  await expect(table).toContainText('Sent INVOICE-LOG-1.xml (10 bytes) in ')
  await expect(rows.last()).toContainText(
    'The gateway took INVOICE-LOG-1.xml from the send mailbox',
    {
      timeout: 60_000,
    },
  )
  await expect(rows.last()).toContainText('Demo Amili')
  await expect(rows.last()).toBeInViewport()

  // Keyboard: the entries scroll with the keys once focused.
  await dialog.getByRole('region', { name: 'Session log entries' }).focus()
  await expect(dialog.getByRole('region', { name: 'Session log entries' })).toBeFocused()

  await page.screenshot({ path: testInfo.outputPath('session-log.png') })
  // axe-core finds nothing serious or critical in the dialog.
  const axe = await new AxeBuilder({ page }).include('dialog').analyze()
  expect(
    axe.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`,
      ),
  ).toEqual([])

  // Save log…: the web UI has no native dialog, so it asks for the path of a new file.
  await dialog.getByRole('button', { name: 'Save log…' }).click()
  const saved = join(demo.home, 'mailroom-log.txt')
  await dialog.getByLabel('Save the log as').fill(saved)
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(dialog.getByRole('status').filter({ hasText: 'Saved the log to' })).toHaveText(
    `Saved the log to ${saved}`,
  )
  const text = readFileSync(saved, 'utf8')
  expect(text).toMatch(/^# Mailroom session log\n/)
  expect(text).toContain('# All profiles')
  expect(text).toMatch(/INFO {2}transfer {7}\[Demo AS2 Gateway\] Picked up /)
  expect(text).toMatch(/\[Demo Amili\] Logged in to 127\.0\.0\.1 as 12345678/)
  expect(text).not.toMatch(/PRIVATE KEY/)
  // A second save to the same path never replaces the first.
  await dialog.getByRole('button', { name: 'Save log…' }).click()
  await dialog.getByLabel('Save the log as').fill(saved)
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(dialog.getByRole('alert')).toContainText('already there. Nothing was replaced.')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toHaveCount(0)
})
