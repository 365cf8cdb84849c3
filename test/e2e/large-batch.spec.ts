import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { connectToBridge } from '../fixtures/bridge-client'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { setUpProfileAndConnect } from './profile-steps'

let server: E2eServer
let bridge: WebBridgeProcess
let destination: string
let throughDispatch: string
let again: string
const COUNT = 3_000
const INBOX = 'as2gateway/RJ_ONE/DemoAS2/inbox'

/** Runs in the page: whether the Transfers summary says `text` (the spec has no DOM types). */
const summaryReads = (text: string): boolean =>
  (
    globalThis as unknown as {
      document: { querySelector(selector: string): { textContent: string | null } | null }
    }
  ).document
    .querySelector('[aria-label="Batch summary"]')
    ?.textContent?.includes(text) === true

/** The inbox of COUNT small files, ten minutes old: past AS2 Gateway's one-minute threshold. */
function fillInbox(): void {
  const old = (Date.now() - 10 * 60 * 1000) / 1000
  for (let index = 0; index < COUNT; index += 1) {
    const file = server.writeFile(
      `${INBOX}/DESADV-${String(index).padStart(5, '0')}.edi`,
      `UNA ${index}`,
    )
    utimesSync(file, old, old)
  }
}

test.beforeAll(async () => {
  server = await startE2eServer()
  fillInbox()
  bridge = await startWebBridgeProcess()
  // In the home folder: the web bridge picks up only into folders there.
  destination = mkdtempSync(join(bridge.home, 'mailroom-e2e-batch-'))
  throughDispatch = mkdtempSync(join(bridge.home, 'mailroom-e2e-batch-dispatch-'))
  again = mkdtempSync(join(bridge.home, 'mailroom-e2e-batch-again-'))
})

test.afterAll(async () => {
  await bridge?.stop()
  await server?.stop()
  rmSync(destination, { recursive: true, force: true })
  rmSync(throughDispatch, { recursive: true, force: true })
  rmSync(again, { recursive: true, force: true })
})

test('a batch of 3,000 files shows in Transfers with a summary, running files first, only the rows in view in the page', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  await page.goto(bridge.url)
  await setUpProfileAndConnect(page, server, bridge.home, 'AS2 Gateway', 'Busy inbox')
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
  // The page itself says when the summary reads all done (checked every frame), so the time is
  // the page's, not Playwright's polling interval's; no screenshot while it runs (taking one
  // costs the CPU the pickup shares: the running look is in accessibility.spec.ts's shots).
  const allDone = page.waitForFunction(
    summaryReads,
    `${COUNT.toLocaleString('en')} of ${COUNT.toLocaleString('en')} done`,
    { polling: 'raf', timeout: 90_000 },
  )
  // While it runs: the running files come first, each with its progress bar.
  await expect(summary).toContainText(`of ${COUNT.toLocaleString('en')} done`)
  await expect(transfers.locator('li').first()).toHaveClass(/transfer-(running|verifying|done)/)
  await allDone
  const uiSeconds = (Date.now() - started) / 1000
  await expect(summary).toHaveText(
    `${COUNT.toLocaleString('en')} of ${COUNT.toLocaleString('en')} done`,
  )
  const rows = await transfers.locator('li').count()
  expect(rows).toBeLessThan(60)
  expect(readdirSync(destination)).toHaveLength(COUNT)
  expect(readdirSync(join(server.jail, INBOX))).toEqual([])
  // The page still answers: the Files table shows the emptied inbox.
  await expect(page.getByRole('grid', { name: 'Files' }).getByRole('row')).toHaveCount(1, {
    timeout: 30_000,
  })
  // And the tree's count: nothing waits any more.
  await expect(inbox).not.toHaveAccessibleName(/waiting/, { timeout: 30_000 })
  await page.screenshot({ path: testInfo.outputPath('large-batch-done.png') })

  // The same pickup again through the page, now that the bridge and the page have run it once
  // (the first run of a process also pays for compiling its code: 3.0-3.8 s against 2.2-2.8 s
  // here), so that it compares with the dispatch run below, which is a second run too.
  await transfers.getByRole('button', { name: 'Clear finished' }).click()
  await expect(transfers.locator('li')).toHaveCount(0)
  fillInbox()
  await page.getByRole('button', { name: 'Refresh' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: `${COUNT.toLocaleString('en')} files` }),
  ).toBeVisible({ timeout: 30_000 })
  await pickupInto.fill(again)
  await pickupInto.press('Enter')
  const againStarted = Date.now()
  const againDone = page.waitForFunction(
    summaryReads,
    `${COUNT.toLocaleString('en')} of ${COUNT.toLocaleString('en')} done`,
    { polling: 'raf', timeout: 90_000 },
  )
  await page.getByRole('button', { name: 'Pick up all' }).click()
  await againDone
  const uiAgainSeconds = (Date.now() - againStarted) / 1000
  expect(readdirSync(again)).toHaveLength(COUNT)

  // The same pickup again, through dispatch in the same process (as the UI calls it, without
  // the page), for the comparison the issue asks for: printed, never asserted on time.
  // Without the page: nothing but the work itself.
  await page.close()
  fillInbox()
  const core = await connectToBridge(bridge.url)
  try {
    const [profile] = await core.call<Array<{ id: string }>>('profiles:list', {})
    const finished = new Set<string>()
    let allFinished: () => void = () => {}
    const whenFinished = new Promise<void>((resolve) => (allFinished = resolve))
    core.subscribe((event) => {
      if (event.name !== 'transfer:update' || event.payload.finishedAt === undefined) return
      finished.add(event.payload.id)
      if (finished.size === COUNT) allFinished()
    })
    const dispatchStarted = Date.now()
    const { transferIds } = await core.call<{ transferIds: string[] }>('transfer:pickup', {
      profileId: profile?.id,
      mailboxPath: INBOX,
      localFolder: throughDispatch,
    })
    await whenFinished
    const dispatchSeconds = (Date.now() - dispatchStarted) / 1000
    console.log(
      `${COUNT} files picked up through the UI in ${uiSeconds.toFixed(1)} s (first run) and ${uiAgainSeconds.toFixed(1)} s (second), through dispatch in ${dispatchSeconds.toFixed(1)} s (second UI run / dispatch = ${(uiAgainSeconds / dispatchSeconds).toFixed(2)}); ${rows} rows in Transfers`,
    )
    expect(transferIds).toHaveLength(COUNT)
    expect(readdirSync(throughDispatch)).toHaveLength(COUNT)
  } finally {
    core.close()
  }
})
