import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { GnuPg } from '../fixtures/gnupg'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { allowClipboard, readClipboard } from './clipboard'
import { setUpProfileAndConnect } from './profile-steps'
import { expectAccessible, shoot } from './screens'

/**
 * Issue 23 in the app: a partner's public key made by the real GnuPG imported, an own key pair
 * made in Mailroom and exported to gpg, decryption turned on for a receive mailbox in the
 * Profile dialog, and a file gpg encrypted and signed picked up decrypted with its verdict;
 * encryption turned on for a send mailbox, and a file sent there that gpg decrypts and verifies.
 * With UPDATE_SCREENSHOTS=1 the keys dialog, the profile's OpenPGP section and the pickup
 * history go to docs/screenshots/ at 1280x800 and 1024x700.
 */

const PARTNER = 'Partner Ltd <files@partner.example>'
const OLD_PARTNER = 'Partner Ltd (2009) <old@partner.example>'
let server: E2eServer
let bridge: WebBridgeProcess
let gpg: GnuPg

test.beforeAll(async () => {
  test.skip(!GnuPg.available(), 'gpg (Debian gnupg) is not installed: the partner needs it')
  server = await startE2eServer()
  bridge = await startWebBridgeProcess()
  gpg = new GnuPg()
})

test.afterAll(async () => {
  gpg?.stop()
  await bridge?.stop()
  await server?.stop()
})

test("a partner's gpg-encrypted, signed file is picked up decrypted, its signer named; one sent is encrypted for gpg", async ({
  page,
  context,
}, testInfo) => {
  await allowClipboard(context, bridge.url)
  const partner = gpg.makeKey(PARTNER, 'ed25519')
  const partnerKeyFile = join(bridge.home, 'partner.asc')
  // A second, old key of the partner's in the same file: weak (RSA 1024) and expiring soon.
  gpg.ok(['--quick-gen-key', OLD_PARTNER, 'rsa1024', 'sign,encr', '10d'])
  writeFileSync(partnerKeyFile, gpg.ok(['--armor', '--export', partner, OLD_PARTNER]))
  const pickupDir = mkdtempSync(join(bridge.home, 'mailroom-e2e-pgp-'))

  await page.goto(bridge.url)
  await page.getByRole('button', { name: 'OpenPGP keys' }).click()
  const keys = page.getByRole('dialog', { name: 'OpenPGP keys' })
  await keys.getByRole('button', { name: 'Import OpenPGP key…' }).click()
  const importKey = page.getByRole('dialog', { name: 'Import OpenPGP key' })
  await importKey.getByLabel('OpenPGP key file').fill(partnerKeyFile)
  await importKey.getByRole('button', { name: 'Import' }).click()
  await expect(importKey).toBeHidden()
  const keyList = keys.getByRole('list', { name: 'OpenPGP keys' })
  const oldKey = keyList.getByRole('listitem', { name: OLD_PARTNER })
  await expect(oldKey).toContainText('weak key')
  await expect(oldKey).toContainText(/expires in (9|10) days/)
  await expect(keyList.getByRole('listitem', { name: PARTNER })).toContainText(
    partner.match(/.{4}/g)?.join(' ') ?? partner,
  )

  await keys.getByRole('button', { name: 'New key pair…' }).click()
  const generate = page.getByRole('dialog', { name: 'New OpenPGP key pair' })
  await generate.getByLabel('Name').fill('Acme Ltd')
  await generate.getByLabel('Email').fill('edi@acme.example')
  await generate.getByRole('button', { name: 'Make key pair' }).click()
  await expect(generate).toBeHidden()
  const ownCard = keyList.getByRole('listitem', { name: 'Acme Ltd <edi@acme.example>' })
  await expect(ownCard).toContainText('own key pair')
  const own = (await ownCard.locator('code.fingerprint').innerText()).replaceAll(' ', '')

  // The own public key goes to the partner, who encrypts to it and signs with theirs.
  const ownKeyFile = join(bridge.home, 'acme.asc')
  await ownCard.getByRole('button', { name: /Export public key/ }).click()
  const exportKey = page.getByRole('dialog', { name: 'Export public key' })
  await exportKey.getByLabel('Save as').fill(ownKeyFile)
  await exportKey.getByRole('button', { name: 'Save' }).click()
  await expect(exportKey).toBeHidden()
  // Copy public key puts the same armored block on the clipboard, for a portal or an email.
  await ownCard.getByRole('button', { name: 'Copy public key of Acme Ltd' }).click()
  await expect(keys.getByRole('status')).toHaveText(
    'Copied the public key of Acme Ltd <edi@acme.example>.',
  )
  const copied = await readClipboard(page)
  expect(copied).toBe(readFileSync(ownKeyFile, 'utf8'))
  await shoot(page, testInfo, keys, 'openpgp-keys')
  await expectAccessible(page, 'OpenPGP keys dialog')
  await keys.getByRole('button', { name: 'Close' }).click()

  gpg.ok(['--import', ownKeyFile])
  const report = Buffer.from('order;amount\n4711;129.90\n')
  const encrypted = gpg.ok(
    ['--armor', '--encrypt', '--sign', '-r', 'edi@acme.example', '-u', partner],
    {
      input: report,
    },
  )
  const old = new Date(Date.now() - 5 * 60_000)
  utimesSync(server.writeFile('pickup/REPORT_4711.csv.asc', encrypted), old, old)

  await setUpProfileAndConnect(
    page,
    server,
    bridge.home,
    'Generic SFTP',
    'Partner',
    { 'Send folders': 'input', 'Receive folders': 'pickup' },
    async (profile) => {
      await profile.getByRole('button', { name: 'OpenPGP', exact: true }).click()
      await profile.getByLabel('Decrypt files picked up from pickup').check()
      await profile.getByLabel('Signatures').selectOption('require')
      // The one partner key and the one own key are chosen by themselves.
      await profile.getByLabel('Encrypt files sent to input').check()
      await expect(profile.getByLabel(/^Partner Ltd/)).toBeChecked()
      await expect(profile.getByLabel('Sign with')).toHaveValue(own)
      const section = profile.getByRole('button', { name: 'OpenPGP', exact: true })
      await shoot(page, testInfo, profile, 'profile-openpgp', section)
      await expectAccessible(page, 'Profile dialog, OpenPGP section')
    },
  )

  const mailboxes = page.getByRole('tree', { name: 'Mailboxes' })
  await mailboxes.getByRole('treeitem', { name: /pickup/ }).click()
  const files = page.getByRole('grid', { name: 'Files' })
  await files.getByRole('row', { name: /REPORT_4711\.csv\.asc/ }).click()
  await page.getByLabel('Pick up into').fill(pickupDir)
  await page.getByLabel('Pick up into').press('Enter')
  await page.getByRole('button', { name: 'Pick up', exact: true }).click()
  const saved = join(pickupDir, 'REPORT_4711.csv')
  const verdict = `decrypted, signed by ${PARTNER} (${partner})`
  const transfers = page.getByRole('region', { name: 'Transfers' })
  await expect(transfers).toContainText(`D${verdict.slice(1)}; saved as ${saved}`)
  expect(readFileSync(saved).equals(report)).toBe(true)
  await shoot(page, testInfo, transfers, 'openpgp-transfers')

  await page.getByRole('button', { name: 'Pickup history' }).click()
  const history = page.getByRole('dialog', { name: 'Pickup history' })
  await expect(history.getByRole('table', { name: 'Picked up files' })).toContainText(verdict)
  await shoot(page, testInfo, history, 'openpgp-pickup-history')
  await history.getByRole('button', { name: 'Close' }).click()

  // Sent the other way: encrypted to the partner, signed with the own key, and gpg reads it.
  const invoice = Buffer.from('<Invoice id="4711"/>\n')
  await mailboxes.getByRole('treeitem', { name: /input/ }).drop({
    files: { name: 'INVOICE_4711.xml', mimeType: 'application/xml', buffer: invoice },
  })
  await expect(transfers).toContainText('Sent')
  const onServer = join(server.jail, 'input/INVOICE_4711.xml.pgp')
  await expect.poll(() => existsSync(onServer)).toBe(true)
  expect(existsSync(join(server.jail, 'input/INVOICE_4711.xml'))).toBe(false)
  const decrypted = gpg.run(['--status-fd', '2', '--decrypt'], { input: readFileSync(onServer) })
  expect(decrypted.status, decrypted.stderr).toBe(0)
  expect(decrypted.stdout).toBe(invoice.toString('utf8'))
  expect(decrypted.stderr).toContain(`VALIDSIG ${own}`)

  // The partner's key is in use: deleting it is refused, in the main side's words.
  await page.getByRole('button', { name: 'OpenPGP keys' }).click()
  await keyList.getByRole('button', { name: `Delete ${PARTNER}` }).click()
  const deleteKey = page.getByRole('dialog', { name: 'Delete OpenPGP key' })
  await deleteKey.getByRole('button', { name: 'Delete' }).click()
  await expect(deleteKey.getByRole('alert')).toHaveText(
    'This OpenPGP key is encrypted to by "Partner". Choose another key there first.',
  )
  await deleteKey.getByRole('button', { name: 'Cancel' }).click()
  await expect(keyList.getByRole('listitem', { name: PARTNER })).toBeVisible()

  // An own key pair made by gpg, pasted: its passphrase is asked, proved and remembered.
  const gpgOwn = gpg.makeKey('Acme Ltd (gpg) <gpg@acme.example>', 'ed25519', 'correct horse')
  await keys.getByRole('button', { name: 'Import OpenPGP key…' }).click()
  await importKey.getByRole('radio', { name: 'Paste the key' }).check()
  await importKey
    .getByLabel('OpenPGP key', { exact: true })
    .fill(gpg.exportSecret(gpgOwn, 'correct horse'))
  await importKey.getByRole('button', { name: 'Import' }).click()
  await expect(importKey.getByRole('alert')).toBeVisible()
  await importKey.getByLabel('Key passphrase').fill('correct horse')
  await expect(importKey.getByLabel(/Remember the passphrase/)).toBeChecked()
  await importKey.getByRole('button', { name: 'Import' }).click()
  await expect(importKey).toBeHidden()
  await expect(
    keyList.getByRole('listitem', { name: 'Acme Ltd (gpg) <gpg@acme.example>' }),
  ).toContainText('own key pair')
  await expect(
    keyList.getByRole('listitem', { name: 'Acme Ltd (gpg) <gpg@acme.example>' }),
  ).toContainText('passphrase remembered')
})
