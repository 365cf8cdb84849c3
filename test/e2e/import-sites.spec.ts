import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { startE2eServer, type E2eServer } from '../fixtures/e2e-server'
import { startWebBridgeProcess, type WebBridgeProcess } from '../fixtures/web-bridge-process'
import { clientKeyInHome } from './profile-steps'

let server: E2eServer
let bridge: WebBridgeProcess
let dir: string

test.beforeAll(async () => {
  server = await startE2eServer()
  bridge = await startWebBridgeProcess()
  // In the home folder: the web UI reads only there, the site files and the keys they name.
  dir = mkdtempSync(join(bridge.home, 'mailroom-e2e-sites-'))
})

test.afterAll(async () => {
  await bridge?.stop()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('import sites from an OpenSSH config with their key and known host key, then connect without a prompt', async ({
  page,
}, testInfo) => {
  const config = join(dir, 'config')
  writeFileSync(
    config,
    `Host acme-gateway\n  HostName ${server.host}\n  Port ${server.port}\n  User ${server.username}\n  IdentityFile ${clientKeyInHome(server, bridge.home)}\nHost *.example\n  User nobody\n`,
  )
  const knownHosts = join(dir, 'known_hosts')
  // Not execFileSync: the demo server runs in this process and must go on answering.
  const { stdout: scanned } = await promisify(execFile)('ssh-keyscan', [
    '-p',
    String(server.port),
    server.host,
  ])
  writeFileSync(knownHosts, scanned)

  await page.goto(bridge.url)
  await page.getByRole('button', { name: /Import sites/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Import sites' })
  await dialog.getByRole('radio', { name: /OpenSSH/ }).check()
  await dialog.getByLabel('Settings file').fill(config)
  await dialog.getByLabel('known_hosts file').fill(knownHosts)
  await dialog.getByRole('button', { name: 'Show sites' }).click()
  const sites = dialog.getByRole('group', { name: 'Sites found' })
  await expect(sites.getByRole('checkbox')).toHaveCount(1)
  await expect(sites).toContainText('acme-gateway')
  await page.screenshot({ path: testInfo.outputPath('import-sites.png') })
  await dialog.getByRole('button', { name: 'Import 1 site' }).click()
  await expect(page.getByText('Imported 1 profile.')).toBeVisible()

  await page.getByRole('option', { name: /acme-gateway/ }).dblclick()
  await expect(page.getByRole('status').first()).toHaveText(
    `Connected to ${server.host} as ${server.username}`,
  )
  await expect(page.getByRole('dialog', { name: 'Unknown host key' })).toHaveCount(0)
  await expect(
    page
      .getByRole('tree', { name: 'Mailboxes' })
      .getByRole('treeitem', { name: 'pickup', exact: true }),
  ).toBeVisible()
})

test('import a WinSCP site whose folder, name and key path have non-ASCII letters', async ({
  page,
}) => {
  const keyFolder = join(dir, 'Nycklar för Kundtjänst')
  mkdirSync(keyFolder, { recursive: true })
  const keyPath = join(keyFolder, 'id_ed25519')
  copyFileSync(server.clientKeyPath, keyPath)
  const ini = join(dir, 'WinSCP.ini')
  // As WinSCP writes them: UTF-8 behind an escaped byte-order mark, each space and each byte
  // past ASCII %XX-escaped (%C3%A4 is "ä", %C3%B6 "ö"), and CRLF line ends.
  const escapedKeyPath = `%EF%BB%BF${keyFolder.replace(/[^\x21-\x7e]/gu, (letter) =>
    [...Buffer.from(letter)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join(''),
  )}/id_ed25519`
  writeFileSync(
    ini,
    [
      '[Sessions\\%EF%BB%BFKunder/Amili%20Kundtj%C3%A4nst]',
      `HostName=${server.host}`,
      `PortNumber=${server.port}`,
      `UserName=${server.username}`,
      `PublicKeyFile=${escapedKeyPath}`,
      'FSProtocol=2',
      '',
      '[Sessions\\Default%20Settings]',
      'FSProtocol=2',
      '',
    ].join('\r\n'),
  )

  await page.goto(bridge.url)
  await page.getByRole('button', { name: /Import sites/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Import sites' })
  await dialog.getByRole('radio', { name: /WinSCP/ }).check()
  await dialog.getByLabel('Settings file').fill(ini)
  await dialog.getByRole('checkbox', { name: /Also trust the host keys/ }).uncheck()
  await dialog.getByRole('button', { name: 'Show sites' }).click()
  const sites = dialog.getByRole('group', { name: 'Sites found' })
  await expect(sites.getByRole('checkbox')).toHaveCount(1)
  await expect(sites).toContainText('Kunder/Amili Kundtjänst')
  await expect(sites).toContainText(`key ${keyPath}`)
  await dialog.getByRole('button', { name: 'Import 1 site' }).click()
  // Exactly this, with no note after it that the key file could not be read.
  await expect(page.getByText('Imported 1 profile.', { exact: true })).toBeVisible()
  await expect(
    page
      .getByRole('listbox', { name: 'Profiles' })
      .getByRole('group', { name: 'Kunder', exact: true })
      .getByRole('option', { name: /Amili Kundtjänst/ }),
  ).toBeVisible()
})
