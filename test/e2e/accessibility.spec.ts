import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test'
import { startSshd } from '../fixtures/sshd-server'
import {
  startDemoProcess,
  startWebBridgeProcess,
  type WebBridgeProcess,
} from '../fixtures/web-bridge-process'

/**
 * Every screen of Mailroom, against the demo gateway, checked by axe-core in the light and the
 * dark theme: no serious or critical violation may be left. Every violation axe finds, of any
 * impact, is printed with its nodes, so a failure says what and where.
 *
 * With UPDATE_SCREENSHOTS=1 the README's screenshots are written to docs/screenshots/;
 * otherwise to this test's output folder, to look at.
 */

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1'
const DOCS = resolve(import.meta.dirname, '../../docs/screenshots')
const BLOCKING = new Set(['serious', 'critical'])

let demo: WebBridgeProcess
let dir: string

test.beforeAll(async () => {
  // A slow link, so a send is seen running.
  demo = await startDemoProcess({ bandwidthKiB: 256 })
  // In the home folder: the web UI reads and writes only there.
  dir = mkdtempSync(join(demo.home, 'mailroom-e2e-a11y-'))
})

test.afterAll(async () => {
  await demo?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

interface Finding {
  readonly screen: string
  readonly scheme: 'light' | 'dark'
  readonly text: string
  readonly blocking: boolean
}

/** axe on the page as it is now, in light and in dark; the page is left in light. */
async function checkScreen(page: Page, screen: string, findings: Finding[]): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const results = await new AxeBuilder({ page }).analyze()
    for (const violation of results.violations) {
      const nodes = violation.nodes
        .map(
          (node) =>
            `    ${node.target.join(' ')}\n      ${node.failureSummary?.replaceAll('\n', '\n      ') ?? ''}`,
        )
        .join('\n')
      const text = `[${screen}, ${scheme}] ${violation.impact ?? 'no impact'}: ${violation.id}: ${violation.help}\n${nodes}`
      console.log(text)
      findings.push({ screen, scheme, text, blocking: BLOCKING.has(violation.impact ?? '') })
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** A screenshot in light and dark; `docsName` writes the light one (or both) to docs/screenshots. */
async function screenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  docs: { light?: string; dark?: string } = {},
): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const docsName = docs[scheme]
    const path =
      SCREENSHOTS && docsName ? join(DOCS, docsName) : testInfo.outputPath(`${name}-${scheme}.png`)
    await page.screenshot({ path })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

async function closeDialog(dialog: Locator): Promise<void> {
  await dialog.press('Escape')
  await expect(dialog).toHaveCount(0)
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  await new Promise((done) => server.close(done))
  if (address === null || typeof address === 'string') throw new Error('No port was given.')
  return address.port
}

/**
 * An OpenSSH config with two sites the demo cannot serve: one on the demo gateway's port with a
 * known_hosts entry of another key (so connecting shows "Host key changed"), and one on a port
 * nothing listens on (so connecting shows the error banner).
 */
async function writeBrokenSites(): Promise<{ config: string; knownHosts: string }> {
  const gatewayPort = /Demo gateway on 127\.0\.0\.1 port (\d+)/.exec(demo.output())?.[1]
  if (!gatewayPort) throw new Error(`The demo printed no gateway port:\n${demo.output()}`)
  const keyPath = join(dir, 'id_ed25519')
  await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath])
  const otherHostKey = readFileSync(`${keyPath}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
  const closedPort = await freePort()
  mkdirSync(dir, { recursive: true })
  const config = join(dir, 'config')
  writeFileSync(
    config,
    [
      `Host changed-key-gateway\n  HostName 127.0.0.1\n  Port ${gatewayPort}\n  User demo_as2\n  IdentityFile ${keyPath}`,
      `Host closed-gateway\n  HostName 127.0.0.1\n  Port ${closedPort}\n  User demo_as2\n  IdentityFile ${keyPath}`,
      '',
    ].join('\n'),
  )
  const knownHosts = join(dir, 'known_hosts')
  writeFileSync(knownHosts, `[127.0.0.1]:${gatewayPort} ${otherHostKey}\n`)
  return { config, knownHosts }
}

test('every screen, in light and dark, has no serious or critical accessibility violation', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000)
  const findings: Finding[] = []
  await page.goto(demo.url)
  const profiles = page.getByRole('listbox', { name: 'Profiles' })
  await expect(profiles.getByRole('option', { name: /Demo AS2 Gateway/ })).toBeVisible()
  await checkScreen(page, 'main view, not connected', findings)

  // A new profile, and the key dialogs it opens.
  await page.getByRole('button', { name: 'New profile' }).click()
  const profile = page.getByRole('dialog', { name: 'Profile' })
  await expect(profile).toBeVisible()
  await checkScreen(page, 'profile dialog, new', findings)
  await profile.getByRole('button', { name: 'Generate key' }).click()
  const generate = page.getByRole('dialog', { name: 'Generate key' })
  await expect(generate).toBeVisible()
  await checkScreen(page, 'generate key dialog', findings)
  await closeDialog(generate)
  await profile.getByRole('button', { name: 'Import key' }).click()
  const importKey = page.getByRole('dialog', { name: 'Import key' })
  await expect(importKey).toBeVisible()
  await checkScreen(page, 'import key dialog', findings)
  await screenshot(page, testInfo, 'import-key')
  await closeDialog(importKey)
  await closeDialog(profile)

  // An existing profile, with its key's details, and the dialogs around it.
  await profiles.getByRole('option', { name: /Demo AS2 Gateway/ }).click()
  await page.getByRole('button', { name: 'Edit' }).click()
  await expect(profile.getByRole('button', { name: 'Export private key…' })).toBeVisible()
  await checkScreen(page, 'profile dialog, edit', findings)
  await screenshot(page, testInfo, 'profile-setup', { light: 'profile-setup.png' })
  await profile.getByRole('button', { name: 'Export private key…' }).click()
  const exportKey = page.getByRole('dialog', { name: 'Export private key' })
  await expect(exportKey).toBeVisible()
  await checkScreen(page, 'export private key dialog', findings)
  await closeDialog(exportKey)
  await closeDialog(profile)
  await page.getByRole('button', { name: 'Delete' }).click()
  const deleteProfile = page.getByRole('dialog', { name: 'Delete profile' })
  await expect(deleteProfile).toBeVisible()
  await checkScreen(page, 'delete profile dialog', findings)
  await closeDialog(deleteProfile)

  // The AS2 demo gateway: its host key asked about, then its mailboxes.
  await profiles.getByRole('option', { name: /Demo AS2 Gateway/ }).dblclick()
  const unknown = page.getByRole('dialog', { name: 'Unknown host key' })
  await expect(unknown).toBeVisible()
  await checkScreen(page, 'unknown host key dialog', findings)
  await unknown.getByRole('button', { name: 'Trust' }).click()
  const tree = page.getByRole('tree', { name: 'Mailboxes' })
  await expect(
    tree.getByRole('treeitem', { name: 'BigRetailer test, 1 waiting', exact: true }),
  ).toBeVisible()
  await checkScreen(page, 'main view, connected', findings)

  await tree.locator('[title="as2gateway/RJ_ONE/DemoAS2/inbox"]').click()
  const files = page.getByRole('grid', { name: 'Files' })
  await expect(files.locator('tbody tr[data-index]')).toHaveCount(1)
  await files.locator('tbody tr[data-index]').first().click()
  await checkScreen(page, 'main view, mailbox with a file selected', findings)
  await screenshot(page, testInfo, 'main', { light: 'main-light.png', dark: 'main-dark.png' })

  // Two files dropped on an AS2 outbox: the send dialog asks whether they are one message.
  await tree.locator('[title="as2gateway/RJ_ONE/DemoAS2/outbox"]').drop({
    files: [
      {
        name: 'INVOICE-A11Y-1.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.alloc(3 * 1024 * 1024, 0x25),
      },
      {
        name: 'INVOICE-A11Y-2.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.alloc(3 * 1024 * 1024, 0x26),
      },
    ],
  })
  const send = page.getByRole('dialog', { name: /^Send to / })
  await expect(send).toBeVisible()
  await checkScreen(page, 'send dialog', findings)
  await screenshot(page, testInfo, 'send-dialog')
  await send.getByRole('button', { name: 'Send', exact: true }).click()
  const transfers = page.getByRole('region', { name: 'Transfers' })
  const progress = transfers.getByRole('progressbar', { name: 'Sending INVOICE-A11Y-1.pdf' })
  await expect
    .poll(async () => Number(await progress.getAttribute('aria-valuenow')))
    .toBeGreaterThanOrEqual(10)
  await screenshot(page, testInfo, 'sending', { light: 'sending.png' })
  await checkScreen(page, 'transfers running', findings)
  await expect(transfers).toContainText('2 of 2 done', { timeout: 60_000 })
  await checkScreen(page, 'transfers finished', findings)

  // Pick up what was waiting, then the history of it.
  await tree.locator('[title="as2gateway/RJ_ONE/DemoAS2/inbox"]').click()
  await expect(files.locator('tbody tr[data-index]')).toHaveCount(1)
  await page.getByLabel('Pick up into').fill(join(dir, 'Picked up'))
  await page.getByLabel('Pick up into').press('Enter')
  await page.getByRole('button', { name: 'Pick up all' }).click()
  await expect(transfers).toContainText('Picked up to')
  await checkScreen(page, 'after a pickup, empty mailbox', findings)
  await page.getByRole('button', { name: 'Pickup history' }).click()
  const history = page.getByRole('dialog', { name: 'Pickup history' })
  await expect(
    history.getByRole('table', { name: 'Picked up files' }).getByRole('row'),
  ).toHaveCount(2)
  await checkScreen(page, 'pickup history dialog', findings)
  await screenshot(page, testInfo, 'pickup', { light: 'pickup.png' })
  await closeDialog(history)

  await page.getByRole('button', { name: 'Session log' }).click()
  const sessionLog = page.getByRole('dialog', { name: 'Session log' })
  await expect(sessionLog.getByRole('table', { name: 'Session log' })).toContainText('Picked up')
  await checkScreen(page, 'session log dialog', findings)
  await screenshot(page, testInfo, 'session-log', { light: 'session-log.png' })
  await closeDialog(sessionLog)

  // Sites imported from an OpenSSH config: one whose host key changed, one nothing answers on.
  const sites = await writeBrokenSites()
  await page.getByRole('button', { name: /Import sites/ }).click()
  const importSites = page.getByRole('dialog', { name: 'Import sites' })
  await importSites.getByRole('radio', { name: /OpenSSH/ }).check()
  await importSites.getByLabel('Settings file').fill(sites.config)
  await importSites.getByLabel('known_hosts file').fill(sites.knownHosts)
  await importSites.getByRole('button', { name: 'Show sites' }).click()
  await expect(importSites.getByRole('group', { name: 'Sites found' })).toContainText(
    'closed-gateway',
  )
  await checkScreen(page, 'import sites dialog', findings)
  await importSites.getByRole('button', { name: 'Import 2 sites' }).click()
  await expect(page.getByText('Imported 2 profiles.')).toBeVisible()

  await profiles.getByRole('option', { name: /changed-key-gateway/ }).dblclick()
  const changed = page.getByRole('dialog', { name: 'Host key changed' })
  await expect(changed).toBeVisible()
  await checkScreen(page, 'host key changed dialog', findings)
  await screenshot(page, testInfo, 'host-key-changed')
  await changed.getByRole('button', { name: 'Close' }).click()

  await profiles.getByRole('option', { name: /closed-gateway/ }).dblclick()
  await expect(page.getByRole('alert')).toContainText('Could not connect')
  await checkScreen(page, 'error banner', findings)
  await screenshot(page, testInfo, 'error-banner')

  const blocking = findings.filter((finding) => finding.blocking).map((finding) => finding.text)
  expect(blocking, `axe found:\n${blocking.join('\n')}`).toEqual([])
})

test('the first run, from a fresh install to the send mailbox, has no serious or critical violation', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000)
  const findings: Finding[] = []
  // A fresh install (no demo profiles), and a server with one MFT Gateway partner.
  const server = await startSshd()
  rmSync(join(server.jail, 'AS2/send/RJ_ONE/OtherMFT'), { recursive: true, force: true })
  const fresh = await startWebBridgeProcess()
  try {
    await page.goto(fresh.url)
    await expect(page.getByRole('heading', { name: 'Add your gateway' })).toBeVisible()
    await checkScreen(page, 'first run, add your gateway', findings)
    await screenshot(page, testInfo, 'first-run', { light: 'first-run.png' })

    // AS2 Gateway's portal made the key: the form leads with importing it.
    await page.getByRole('button', { name: 'AS2 Gateway', exact: true }).click()
    const profile = page.getByRole('dialog', { name: 'Profile' })
    await expect(profile).toContainText('Import the key AS2 Gateway gave you')
    await checkScreen(page, 'profile dialog, AS2 Gateway key file', findings)
    await screenshot(page, testInfo, 'first-run-as2', { light: 'first-run-as2.png' })
    await closeDialog(profile)

    await page.getByRole('button', { name: 'MFT Gateway', exact: true }).click()
    await profile.getByLabel('Host').fill(server.host)
    await profile.getByLabel('Port').fill(String(server.port))
    await profile.getByLabel('User name').fill(server.username)
    await checkScreen(page, 'profile dialog, MFT Gateway with a new key', findings)
    await screenshot(page, testInfo, 'first-run-profile', { light: 'first-run-profile.png' })
    await profile.getByRole('button', { name: 'Save and connect' }).click()

    const handoff = page.getByRole('dialog', { name: 'Hand over your public key' })
    await expect(handoff.getByRole('link', { name: 'Email public key…' })).toBeVisible()
    await checkScreen(page, 'key handoff', findings)
    await screenshot(page, testInfo, 'key-handoff', { light: 'key-handoff.png' })

    // Connected before the key is registered: refused, and said so.
    await handoff.getByRole('button', { name: 'Connect' }).click()
    await page
      .getByRole('dialog', { name: 'Unknown host key' })
      .getByRole('button', { name: 'Trust' })
      .click()
    await expect(handoff.getByRole('button', { name: 'Try again' })).toBeVisible()
    await checkScreen(page, 'key handoff, key not registered yet', findings)
    await screenshot(page, testInfo, 'key-not-registered', { light: 'key-not-registered.png' })

    server.authorize(await handoff.getByLabel(/^Public key/).inputValue())
    await handoff.getByRole('button', { name: 'Try again' }).click()
    await expect(page.getByText('Drop files here to send them to DemoMFT.')).toBeVisible()
    await checkScreen(page, 'first connection, its send mailbox', findings)
    await screenshot(page, testInfo, 'first-run-send', { light: 'first-run-send.png' })
  } finally {
    await fresh.stop()
    await server.stop()
  }

  const blocking = findings.filter((finding) => finding.blocking).map((finding) => finding.text)
  expect(blocking, `axe found:\n${blocking.join('\n')}`).toEqual([])
})
