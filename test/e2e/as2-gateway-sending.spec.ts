import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { setUpProfileAndConnect } from './profile-steps'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'

let server: E2eServer
let bridge: WebBridgeProcess

test.beforeAll(async () => {
  server = await startE2eServer()
  bridge = await startWebBridgeProcess()
})

test.afterAll(async () => {
  await bridge?.stop()
  await server?.stop()
})

test('AS2 Gateway mailboxes: drop one file, then several as one message', async ({
  page,
}, testInfo) => {
  server.writeFile(
    'as2gateway/RJ_ONE/DemoAS2/inbox/20261123081502117-3301/INVOICE-88231.xml',
    '<Invoice/>',
  )
  server.writeFile('as2gateway/RJ_ONE/DemoAS2/inbox/20261123091744950-7720-DESADV-5521.edi', 'UNA')
  server.writeFile('as2gateway/RJ_ONE/DemoAS2/failed/ORDERS-1207.edi', 'UNA')

  await page.goto(bridge.url)
  await setUpProfileAndConnect(page, server, bridge.home, 'AS2 Gateway', 'AS2 Gateway')

  const tree = page.getByRole('tree', { name: 'Mailboxes' })
  await expect(tree.getByRole('treeitem', { name: 'RJ_ONE (station)' })).toBeVisible()
  await expect(tree.getByRole('treeitem', { name: 'TestOnly test' })).toBeVisible()
  const outbox = tree.locator('[title="as2gateway/RJ_ONE/DemoAS2/outbox"]')
  await expect(tree.locator('[title="as2gateway/RJ_ONE/DemoAS2/inbox"]')).toHaveAccessibleName(
    'inbox, 2 waiting',
  )
  await expect(tree.locator('[title="as2gateway/RJ_ONE/DemoAS2/failed"]')).toHaveAccessibleName(
    'failed, 1 failed',
  )

  // One file: straight into the outbox.
  const single = randomBytes(64 * 1024)
  await outbox.drop({
    files: { name: 'INVOICE-90001.xml', mimeType: 'application/xml', buffer: single },
  })
  const transfers = page.getByRole('region', { name: 'Transfers' })
  await expect(transfers).toContainText('Sending INVOICE-90001.xml')
  await expect
    .poll(() => readdirSync(join(server.jail, 'as2gateway/RJ_ONE/DemoAS2/outbox')))
    .toEqual(['INVOICE-90001.xml'])
  expect(
    readFileSync(join(server.jail, 'as2gateway/RJ_ONE/DemoAS2/outbox/INVOICE-90001.xml')).equals(
      single,
    ),
  ).toBe(true)

  // Several: the choice dialog, then one message folder holding all of them.
  const parts = ['ORDERS-2201.edi', 'ORDERS-2202.edi', 'terms.pdf'].map((name) => ({
    name,
    mimeType: 'application/octet-stream',
    buffer: randomBytes(200 * 1024),
  }))
  await outbox.drop({ files: parts })
  const choice = page.getByRole('dialog', { name: 'Send to DemoAS2 outbox' })
  await expect(choice.getByRole('radio', { name: 'One message with 3 attachments' })).toBeChecked()
  await page.screenshot({ path: testInfo.outputPath('send-choice.png') })
  await choice.getByRole('button', { name: 'Send' }).click()
  for (const part of parts) await expect(transfers).toContainText(`Sending ${part.name}`)
  await expect
    .poll(
      () =>
        readdirSync(join(server.jail, 'as2gateway/RJ_ONE/DemoAS2/outbox')).filter((name) =>
          /^\d{14}-[0-9a-f]{6}$/.test(name),
        ).length,
    )
    .toBe(1)
  const folder =
    readdirSync(join(server.jail, 'as2gateway/RJ_ONE/DemoAS2/outbox')).find((name) =>
      /^\d{14}-/.test(name),
    ) ?? ''
  await expect
    .poll(() => readdirSync(join(server.jail, 'as2gateway/RJ_ONE/DemoAS2/outbox', folder)).sort())
    .toEqual(parts.map((part) => part.name).sort())
  // Names appear as soon as an upload starts (message files go straight to their names): wait
  // for each to be complete.
  for (const part of parts) {
    await expect
      .poll(() =>
        readFileSync(
          join(server.jail, 'as2gateway/RJ_ONE/DemoAS2/outbox', folder, part.name),
        ).equals(part.buffer),
      )
      .toBe(true)
  }

  await tree.locator('[title="as2gateway/RJ_ONE/DemoAS2/outbox"]').click()
  await page.screenshot({ path: testInfo.outputPath('mailboxes.png') })
})
