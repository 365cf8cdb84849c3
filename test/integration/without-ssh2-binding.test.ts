import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const run = promisify(execFile)

/**
 * The packaged app ships without ssh2's optional native binding (it cannot load in Electron),
 * and a clean install on Node 24 may have it built: this runs a transfer with it hidden.
 */
describe("without ssh2's optional native binding", () => {
  let server: TestSshd
  let local: string
  beforeAll(async () => {
    server = await startSshd()
    local = mkdtempSync(join(tmpdir(), 'mailroom-no-binding-'))
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(local, { recursive: true, force: true })
  })

  const roundTrip = async (nodeOptions: string[]) => {
    const content = randomBytes(3 * 1024 * 1024 + 5)
    const file = join(local, `${nodeOptions.length}.bin`)
    writeFileSync(file, content)
    const folder = mkdtempSync(join(local, 'back-'))
    const { stdout } = await run(process.execPath, [
      ...nodeOptions,
      '--import',
      'tsx',
      'test/fixtures/round-trip-child.ts',
      server.host,
      String(server.port),
      server.username,
      server.clientKeyPath,
      file,
      folder,
    ])
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      bindingAvailable: boolean
      hidden: string[]
      sent: number
      receivedSha256: string
      sha256: string
    }
    return { result, expected: createHash('sha256').update(content).digest('hex') }
  }

  it('uploads and downloads byte for byte with the binding hidden', async () => {
    const { result, expected } = await roundTrip([
      '--import',
      './test/fixtures/hide-ssh2-binding.mjs',
    ])
    // ssh2 asked for its binding and was refused it, as the packaged app refuses it.
    expect(result.hidden).toEqual(
      expect.arrayContaining([expect.stringMatching(/sshcrypto\.node$/)]),
    )
    expect(result.bindingAvailable).toBe(false)
    expect(result.sent).toBe(3 * 1024 * 1024 + 5)
    expect(result.sha256).toBe(expected)
    expect(result.receivedSha256).toBe(expected)
  })
})
