import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { runSendChild } from '../fixtures/send-child-process'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { setUpProfileAndConnect } from './profile-steps'

let server: E2eServer
let bridge: WebBridgeProcess
let localDir: string

test.beforeAll(async () => {
  server = await startE2eServer()
  bridge = await startWebBridgeProcess()
  localDir = mkdtempSync(join(tmpdir(), 'mailroom-e2e-crash-'))
})

test.afterAll(async () => {
  await bridge?.stop()
  await server?.stop()
  rmSync(localDir, { recursive: true, force: true })
})

// Issue 20: a send killed part way left a temporary file on the server and told nobody. Now the
// next connection removes it and says so: in a notice, in Transfers, with "Send again".
test('a send killed part way is found when the profile connects again: a notice with the facts, Transfers says so, Send again sends it', async ({
  page,
}, testInfo) => {
  const content = randomBytes(16 * 1024 * 1024)
  const local = join(localDir, 'CRASH-REPORT.bin')
  writeFileSync(local, content)

  await page.goto(bridge.url)
  await setUpProfileAndConnect(page, server, bridge.home, 'Generic SFTP', 'Crash test', {
    'Send folders': 'input',
  })
  await expect(page.getByRole('status').first()).toHaveText(
    `Connected to ${server.host} as ${server.username}`,
  )
  const settings = JSON.parse(readFileSync(join(bridge.dataDir, 'settings.json'), 'utf8')) as {
    profiles: Array<{ id: string; name: string }>
  }
  const profileId = settings.profiles.find((profile) => profile.name === 'Crash test')?.id ?? ''

  // The same Mailroom (its data folder, its keychain) sending in another process, killed half way.
  const killed = await runSendChild({
    dataDir: bridge.dataDir,
    profileId,
    remoteFolder: 'input',
    localPaths: [local],
    stopAt: { step: 'uploading', nth: 1 },
  })
  expect(killed.killed, killed.output).toBe(true)

  await page.getByRole('button', { name: 'Disconnect' }).click()
  await page.getByRole('button', { name: 'Connect' }).click()
  const notice = page.getByRole('region', { name: 'Sends recovered after a crash' })
  await expect(notice).toContainText('CRASH-REPORT.bin')
  await expect(notice).toContainText('to input')
  await expect(notice).toContainText('on the server of 16 MB sent')
  await expect(notice).toContainText('that file was removed')
  await page.screenshot({ path: testInfo.outputPath('recovered-send-notice.png') })
  const transfers = page.getByRole('region', { name: 'Transfers' })
  await expect(transfers).toContainText('Recovered after a crash')

  await notice.getByRole('button', { name: 'Send CRASH-REPORT.bin again' }).click()
  await expect
    .poll(() => {
      try {
        return readFileSync(join(server.jail, 'input', 'CRASH-REPORT.bin')).equals(content)
      } catch {
        return false
      }
    })
    .toBe(true)
  await expect(transfers.getByText(/^Sent, 16 MB$/)).toBeVisible()
  await notice.getByRole('button', { name: 'Dismiss' }).click()
  await expect(notice).toBeHidden()
})
