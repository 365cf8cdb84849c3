import { expect, test } from '@playwright/test'
import { startDemoProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'

let demo: WebBridgeProcess

test.beforeAll(async () => {
  demo = await startDemoProcess()
})

test.afterAll(async () => {
  await demo?.stop()
})

test('the menu shortcuts work in the web UI: Ctrl+N new profile, F5 refresh, Ctrl+O send files, Ctrl+L session log', async ({
  page,
}, testInfo) => {
  // Every listing the page asks the bridge for, to see that F5 lists the folder again.
  const listings: string[] = []
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (String(payload).includes('"mailboxes:list-files"')) listings.push(String(payload))
    }),
  )
  await page.goto(demo.url)
  const profiles = page.getByRole('listbox', { name: 'Profiles' })
  await expect(profiles.getByRole('option', { name: /Demo Amili/ })).toBeVisible()

  await page.keyboard.press('Control+N')
  const profileDialog = page.getByRole('dialog', { name: 'Profile' })
  await expect(profileDialog).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('ctrl-n-new-profile.png') })
  // A second Ctrl+N while the dialog is open leaves what was typed alone.
  await profileDialog.getByLabel('Profile name').fill('Half typed')
  await page.keyboard.press('Control+N')
  await expect(profileDialog.getByLabel('Profile name')).toHaveValue('Half typed')
  await page.keyboard.press('Escape')
  await expect(profileDialog).toHaveCount(0)

  await profiles.getByRole('option', { name: /Demo Amili/ }).dblclick()
  await page
    .getByRole('dialog', { name: 'Unknown host key' })
    .getByRole('button', { name: 'Trust' })
    .click()
  const status = page.getByRole('status').first()
  await expect(status).toHaveText('Connected to 127.0.0.1 as 12345678')
  const tree = page.getByRole('tree', { name: 'Mailboxes' })
  await tree.getByRole('treeitem', { name: /^input$/ }).click()
  await expect.poll(() => listings.length).toBe(1)

  await page.keyboard.press('F5')
  await expect.poll(() => listings.length).toBe(2)
  // The page was not reloaded by the browser: still connected, the mailbox still chosen.
  await expect(status).toHaveText('Connected to 127.0.0.1 as 12345678')
  await expect(tree.getByRole('treeitem', { name: /^input$/ })).toHaveAttribute(
    'aria-selected',
    'true',
  )

  const chooser = page.waitForEvent('filechooser')
  await page.keyboard.press('Control+O')
  const files = await chooser
  expect(files.isMultiple()).toBe(true)
  await files.setFiles({
    name: 'ORDER-SHORTCUT.xml',
    mimeType: 'application/xml',
    buffer: Buffer.from('<order>shortcut</order>'),
  })
  const transfers = page.getByRole('region', { name: 'Transfers' })
  await expect(transfers).toContainText('ORDER-SHORTCUT.xml')
  await expect(transfers).toContainText(/Sent/, { timeout: 30_000 })
  await page.screenshot({ path: testInfo.outputPath('ctrl-o-sent.png') })

  await page.keyboard.press('Control+L')
  const sessionLog = page.getByRole('dialog', { name: 'Session log' })
  await expect(sessionLog).toBeVisible()
  await expect(sessionLog.getByRole('table', { name: 'Session log' })).toContainText(
    'ORDER-SHORTCUT.xml',
  )
})
