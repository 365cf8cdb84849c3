import { resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { electronBinary } from '../../src/demo/launch-electron'

/** Where an Electron binary exists, the real app starts with its locked-down window. */
// MAILROOM_APP_EXECUTABLE: a packaged app's executable (the build workflow), which loads its own
// app.asar and takes no app path.
const packaged = process.env.MAILROOM_APP_EXECUTABLE || undefined
const binary = packaged ?? electronBinary()
const reason =
  'No Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1): the UI is tested in Chromium through the web bridge instead.'
if (!binary) console.log(`Electron smoke test skipped: ${reason}`)

test('the Electron app opens a sandboxed window with the typed API only', async () => {
  test.skip(!binary, reason)
  const app = await electron.launch({
    executablePath: binary,
    args: packaged ? [] : [resolve('out/main/index.js')],
  })
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
