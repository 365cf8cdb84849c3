import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { electronBinary } from '../../src/demo/launch-electron'
import {
  NODE_MAILROOM,
  SMOKE_PROFILE,
  addSmokeProfile,
  appMailroom,
  runMailroom,
  startSmokeGateway,
  type SmokeGateway,
} from './electron-demo'

/** Where an Electron binary exists, the real app starts with its locked-down window. */
// MAILROOM_APP_EXECUTABLE: a packaged app's executable (the build workflow), which loads its own
// app.asar and takes no app path.
const packaged = process.env.MAILROOM_APP_EXECUTABLE || undefined
const binary = packaged ?? electronBinary()
const appPath = packaged ? undefined : resolve('out/main/index.js')
const reason =
  'No Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1): the UI is tested in Chromium through the web bridge instead.'
if (!binary) console.log(`Electron smoke test skipped: ${reason}`)

const launch = (dataDir: string) =>
  electron.launch({
    executablePath: binary,
    args: appPath ? [appPath] : [],
    env: { ...process.env, MAILROOM_DATA_DIR: dataDir },
  })

/** Every file under `dir`, by name, with its bytes. */
function filesUnder(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>()
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) found.set(entry.name, readFileSync(join(entry.parentPath, entry.name)))
  return found
}

let smoke: SmokeGateway | undefined
test.afterEach(async () => {
  await smoke?.stop()
  smoke = undefined
})

// Runs everywhere, with or without Electron: the smoke test's set-up, done by the plain-Node
// command, so a broken helper shows here and not first on the runners.
test('the smoke test’s demo gateway takes a profile and a trusted host key from the mailroom command', async () => {
  smoke = await startSmokeGateway()
  await addSmokeProfile(NODE_MAILROOM, smoke)
  const trust = await runMailroom(
    NODE_MAILROOM,
    ['trust', '--profile', SMOKE_PROFILE, '--fingerprint', smoke.fingerprint],
    smoke.dataDir,
  )
  expect(trust.code, trust.output).toBe(0)
  const check = await runMailroom(
    NODE_MAILROOM,
    ['--json', 'check', '--profile', SMOKE_PROFILE],
    smoke.dataDir,
  )
  expect(check.code, check.output).toBe(0)
  // The gateway delivered one invoice to Amili's pickup folder at start, ten minutes old.
  expect(check.output).toContain('pickup')
  expect(readdirSync(join(smoke.amiliDir, 'pickup'))).toHaveLength(1)
})

test('the Electron app opens a sandboxed window with the typed API only', async () => {
  test.skip(!binary, reason)
  const app = await launch(test.info().outputPath('data'))
  try {
    const window = await app.firstWindow()
    await expect(window.getByRole('button', { name: 'New profile' })).toBeVisible()
    expect(await window.title()).toBe('Mailroom')
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    )
    expect(
      await window.evaluate(() =>
        Object.keys((globalThis as unknown as { mailroom: object }).mailroom).sort(),
      ),
    ).toEqual(['invoke', 'pathForFile', 'subscribe'])
  } finally {
    await app.close()
  }
})

test('the Electron app connects to the demo gateway, sends a file and picks one up', async () => {
  test.skip(!binary, reason)
  test.setTimeout(180_000)
  const testInfo = test.info()
  const gateway = await startSmokeGateway()
  smoke = gateway
  // The profile and its key (into the OS keychain) through the app's own headless command.
  await addSmokeProfile(appMailroom(binary as string, appPath), gateway)
  const app = await launch(gateway.dataDir)
  try {
    const window = await app.firstWindow()
    const shot = (name: string) => window.screenshot({ path: testInfo.outputPath(`${name}.png`) })
    const profiles = window.getByRole('listbox', { name: 'Profiles' })
    await profiles.getByRole('option', { name: new RegExp(SMOKE_PROFILE) }).dblclick()
    const hostKey = window.getByRole('dialog', { name: 'Unknown host key' })
    await expect(hostKey).toContainText(gateway.fingerprint)
    await shot('electron-host-key')
    await hostKey.getByRole('button', { name: 'Trust' }).click()
    await expect(window.getByRole('status').first()).toHaveText(
      'Connected to 127.0.0.1 as 12345678',
    )
    const tree = window.getByRole('tree', { name: 'Mailboxes' })
    await expect(tree.getByRole('treeitem', { name: /^pickup, 1 waiting$/ })).toBeVisible()
    await shot('electron-connected')

    // Send: the file goes in through the page's own file input, as "Send files…" chooses it,
    // so the preload's webUtils path and the main side's path capability are both on the way.
    await tree.getByRole('treeitem', { name: /^input$/ }).click()
    const order = join(gateway.dir, 'ORDER-SMOKE.xml')
    const orderBytes = Buffer.from('<?xml version="1.0"?><Order><ID>SMOKE-1</ID></Order>\n')
    writeFileSync(order, orderBytes)
    await window.locator('input[type="file"]').setInputFiles(order)
    const sent = join(gateway.amiliDir, 'input', basename(order))
    await expect
      .poll(() => filesUnder(join(gateway.amiliDir, 'input')).get(basename(order)))
      .toEqual(orderBytes)
    expect(readFileSync(sent)).toEqual(orderBytes)
    const transfers = window.getByRole('region', { name: 'Transfers' })
    await expect(transfers).toContainText(basename(order))
    await shot('electron-sent')

    // Pick up what waits in pickup/ into the folder the app offers, and compare the bytes. (In
    // the app a typed folder is refused: it picks up only into one it offered or one chosen in
    // the native dialog, which Playwright cannot click.)
    const waiting = filesUnder(join(gateway.amiliDir, 'pickup'))
    expect(waiting.size).toBe(1)
    await tree.getByRole('treeitem', { name: /^pickup/ }).click()
    const pickupInto = window.getByLabel('Pick up into')
    await expect(pickupInto).not.toHaveValue('')
    const pickupFolder = await pickupInto.inputValue()
    await window.getByRole('button', { name: 'Pick up all' }).click()
    await expect(transfers).toContainText(`Picked up to ${pickupFolder}`)
    const picked = filesUnder(pickupFolder)
    for (const [name, bytes] of waiting) expect(picked.get(name), name).toEqual(bytes)
    // Verified, journalled, then deleted on the server.
    await expect.poll(() => readdirSync(join(gateway.amiliDir, 'pickup'))).toEqual([])
    await shot('electron-picked-up')
  } finally {
    await app.close()
  }
})
