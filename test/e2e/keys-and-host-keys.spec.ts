import { execFileSync } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { sshKeygenFingerprint } from '../fixtures/key-files'
import { allowClipboard, readClipboard } from './clipboard'

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

test('a new user makes a key, installs its public half, trusts the server, and is warned when its key changes', async ({
  page,
  context,
}, testInfo) => {
  await allowClipboard(context, bridge.url)
  await page.goto(bridge.url)
  await page.getByRole('button', { name: 'New profile' }).click()
  const profile = page.getByRole('dialog', { name: 'Profile' })

  // The preset fills the defaults and the rules: AS2 Gateway is on port 9193 and has a username rule.
  await profile.getByRole('radio', { name: 'AS2 Gateway' }).check()
  await expect(profile.getByLabel('Port')).toHaveValue('9193')
  await expect(
    profile.getByText(/Port 9193, key login only with a passphrase-protected key/),
  ).toBeVisible()
  await profile.getByLabel('User name').fill('-acme')
  await expect(profile.getByText('A user name cannot start with "-"')).toBeVisible()
  await profile.getByRole('radio', { name: 'Amili' }).check()
  await expect(profile.getByLabel('Creditor number')).toBeVisible()
  await expect(profile.getByText('A creditor number has digits only')).toBeVisible()

  await profile.getByRole('radio', { name: 'Generic SFTP' }).check()
  await profile.getByLabel('Profile name').fill('Partner Oy')
  await profile.getByLabel('Group').fill('Customers')
  await profile.getByLabel('Host').fill(server.host)
  await profile.getByLabel('Port').fill(String(server.port))
  await profile.getByLabel('User name').fill(server.username)

  await profile.getByRole('button', { name: 'Generate key' }).click()
  const generate = page.getByRole('dialog', { name: 'Generate key' })
  await generate.getByLabel('Comment').fill('partner-oy@mailroom')
  await generate.getByLabel('Passphrase (optional)').fill('long enough passphrase')
  await generate.getByLabel('Repeat passphrase').fill('long enough passphrase')
  await generate.getByRole('button', { name: 'Generate' }).click()
  await expect(generate).toBeHidden()

  const publicKey = await profile.getByLabel('Public key (send this to the provider)').inputValue()
  expect(publicKey).toMatch(/^ssh-ed25519 AAAA[0-9A-Za-z+/=]+ partner-oy@mailroom$/)
  await profile.getByRole('button', { name: 'Copy public key' }).click()
  await expect(profile.getByText('Copied.')).toBeVisible()
  const copied = await readClipboard(page)
  expect(copied).toBe(publicKey)
  // The fingerprint shown is the one ssh-keygen prints for the copied line.
  const printed =
    execFileSync('ssh-keygen', ['-lf', '-'], { input: `${copied}\n` })
      .toString()
      .split(' ')[1] ?? ''
  await expect(profile).toContainText(printed)
  await page.screenshot({ path: testInfo.outputPath('generated-key.png') })

  // What the provider does with the public key the person sent them.
  server.authorize(copied)
  await profile.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(profile).toBeHidden()
  await expect(
    page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Partner Oy/ }),
  ).toBeVisible()

  await page.getByRole('option', { name: /Partner Oy/ }).dblclick()
  const unknown = page.getByRole('dialog', { name: 'Unknown host key' })
  const hostFingerprint = sshKeygenFingerprint(server.hostKeyPublicPath)
  await expect(unknown).toContainText(hostFingerprint)
  await unknown.getByRole('button', { name: 'Trust' }).click()
  await expect(page.getByRole('status').first()).toHaveText(
    `Connected to ${server.host} as ${server.username}`,
  )
  await page.getByRole('button', { name: 'Disconnect' }).click()

  // The server comes back with another host key on the same address: refused before login.
  const port = server.port
  await server.stop()
  server = await startE2eServer({ port })
  server.authorize(copied)
  const newFingerprint = sshKeygenFingerprint(server.hostKeyPublicPath)
  await page.getByRole('button', { name: 'Connect' }).click()
  const changed = page.getByRole('dialog', { name: 'Host key changed' })
  await expect(changed).toContainText(hostFingerprint)
  await expect(changed).toContainText(newFingerprint)
  await expect(changed.getByRole('button', { name: 'Trust' })).toHaveCount(0)
  await page.screenshot({ path: testInfo.outputPath('host-key-changed.png') })
  await changed.getByRole('button', { name: 'Close' }).click()
  await expect(page.getByRole('status').first()).toHaveText('Not connected')
  expect(server.acceptedLogins()).toBe(0)

  // Replacing the trusted key is a deliberate act in the profile.
  await page.getByRole('button', { name: 'Edit' }).click()
  await profile.getByRole('button', { name: 'Forget trusted host key' }).click()
  await expect(profile.getByText(/trusted host key was forgotten/)).toBeVisible()
  await profile.getByRole('button', { name: 'Cancel' }).click()
  await page.getByRole('button', { name: 'Connect' }).click()
  await expect(unknown).toContainText(newFingerprint)
  await unknown.getByRole('button', { name: 'Trust' }).click()
  await expect(page.getByRole('status').first()).toHaveText(
    `Connected to ${server.host} as ${server.username}`,
  )
  await expect.poll(() => server.acceptedLogins()).toBe(1)

  // A connected profile is neither edited nor deleted; a clone of it can be, and goes again.
  await expect(page.getByRole('button', { name: 'Edit' })).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Delete' })).toBeDisabled()
  await page.getByRole('button', { name: 'Clone' }).click()
  const list = page.getByRole('listbox', { name: 'Profiles' })
  await expect(list.getByRole('option', { name: /Partner Oy \(copy\)/ })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await page.getByRole('button', { name: 'Delete' }).click()
  const deleting = page.getByRole('dialog', { name: 'Delete profile' })
  // The key is shared with Partner Oy, so deleting the copy does not offer to delete it.
  await expect(deleting.getByRole('checkbox')).toHaveCount(0)
  await deleting.getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(list.getByRole('option')).toHaveCount(1)
  await expect(list.getByRole('option', { name: /Partner Oy/ })).toHaveAttribute(
    'aria-selected',
    'true',
  )

  // Opened afresh, the app knows its stored keys: the profile still shows its key.
  await page.getByRole('button', { name: 'Disconnect' }).click()
  await page.reload()
  await list.getByRole('option', { name: /Partner Oy/ }).click()
  await page.getByRole('button', { name: 'Edit' }).click()
  await expect(profile.getByLabel('Public key (send this to the provider)')).toHaveValue(publicKey)
  await profile.getByRole('button', { name: 'Cancel' }).click()
})
