import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import type { E2eServer } from '../fixtures/e2e-server'

/**
 * The server's client key copied into the person's home folder (the web bridge's HOME), where
 * the web UI may read it: it reads and writes only inside the home folder. Returns its path.
 */
export function clientKeyInHome(server: E2eServer, home: string): string {
  mkdirSync(join(home, '.ssh'), { recursive: true })
  const path = join(home, '.ssh', 'id_gateway')
  copyFileSync(server.clientKeyPath, path)
  return path
}

/**
 * What a person does to reach a gateway: a new profile with the gateway chosen, the key
 * imported from its file, Save, Connect, and Trust the host key. Shared by the e2e tests that
 * are about what comes after.
 */
export async function setUpProfileAndConnect(
  page: Page,
  server: E2eServer,
  /** The web bridge's home folder, where the key is imported from. */
  home: string,
  gateway: string,
  name: string,
  /** More fields of the Profile dialog, by label: { 'Receive folders': 'pickup' }. */
  fields: Readonly<Record<string, string>> = {},
  /** What else the test chooses in the Profile dialog before Save (its OpenPGP section). */
  beforeSave?: (profile: Locator) => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: 'New profile' }).click()
  const profile = page.getByRole('dialog', { name: 'Profile' })
  await profile.getByRole('radio', { name: gateway }).check()
  await profile.getByLabel('Profile name').fill(name)
  await profile.getByLabel('Host').fill(server.host)
  await profile.getByLabel('Port').fill(String(server.port))
  await profile.getByLabel('User name').fill(server.username)
  for (const [label, value] of Object.entries(fields)) await profile.getByLabel(label).fill(value)
  await profile.getByRole('button', { name: 'Import key' }).click()
  const importKey = page.getByRole('dialog', { name: 'Import key' })
  await importKey.getByLabel('Private key file').fill(clientKeyInHome(server, home))
  await importKey.getByRole('button', { name: 'Import' }).click()
  await beforeSave?.(profile)
  await profile.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByRole('button', { name: 'Connect' }).click()
  await page
    .getByRole('dialog', { name: 'Unknown host key' })
    .getByRole('button', { name: 'Trust' })
    .click()
}
