import { expect, test } from '@playwright/test'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'

let bridge: WebBridgeProcess

test.beforeAll(async () => {
  bridge = await startWebBridgeProcess()
})

test.afterAll(async () => {
  await bridge?.stop()
})

// Issue 19, item 5: history, synced history and scrollback would keep the token otherwise.
test('the access token leaves the address once the page has it, and a reload still works', async ({
  page,
}) => {
  await page.goto(bridge.url)
  await expect(page.getByRole('button', { name: 'New profile' })).toBeVisible()
  const bare = bridge.url.replace(/\?token=[0-9a-f]+$/, '')
  expect(page.url()).toBe(bare)

  await page.reload()
  await expect(page.getByRole('button', { name: 'New profile' })).toBeVisible()
  expect(page.url()).toBe(bare)

  // Another tab on the bare address has no token: it says how to open Mailroom.
  const other = await page.context().newPage()
  await other.goto(bare)
  await expect(other.getByText('Open Mailroom with the address it printed')).toBeVisible()
  await expect(other.getByRole('button', { name: 'New profile' })).toHaveCount(0)
})
