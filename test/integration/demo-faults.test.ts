import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import type { FileServerFaults } from '../../src/demo/sftp-file-server'
import { descriptorTargets } from '../fixtures/open-descriptors'
import { PickupHarness } from '../fixtures/pickup-harness'

/** Pickup against the demo gateway's fault modes: what a real server does now and then. */
describe('pickup against a faulty server', () => {
  let gateway: DemoGateway | undefined
  let dir: string
  let harness: PickupHarness | undefined
  afterEach(async () => {
    await gateway?.stop()
    rmSync(dir, { recursive: true, force: true })
    if (harness) rmSync(harness.dataDir, { recursive: true, force: true })
  })

  const pickUpWith = async (faults: FileServerFaults, content: Buffer) => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-faults-'))
    gateway = await startDemoGateway({
      dataDir: join(dir, 'gateway'),
      faults,
      arrivalEveryMs: 3_600_000,
    })
    harness = PickupHarness.forDemoAmili(gateway)
    // Only our file in pickup/: the gateway's own first deliveries are cleared away.
    for (const name of readdirSync(join(dir, 'gateway/amili/pickup')))
      rmSync(join(dir, 'gateway/amili/pickup', name))
    const remote = join(dir, 'gateway/amili/pickup/STATEMENT.pdf')
    writeFileSync(remote, content)
    const folder = join(dir, 'local')
    const { transfers } = await harness.run({ localFolder: folder })
    return { transfer: transfers[0], remote, folder }
  }

  it('a connection dropped in the middle of a download: nothing saved, nothing deleted', async () => {
    const content = randomBytes(2 * 1024 * 1024)
    const { transfer, remote, folder } = await pickUpWith(
      { dropAfterReadBytes: 256 * 1024 },
      content,
    )
    expect(transfer?.state).toBe('failed')
    expect(transfer?.error?.kind).toBe('connection-lost')
    expect(readFileSync(remote).equals(content)).toBe(true)
    expect(readdirSync(folder)).toEqual([])
    // The gateway runs in this process: the file the client left open is closed, not left to
    // the garbage collector (which warns, and on Windows would keep it locked meanwhile).
    await expect
      .poll(() => descriptorTargets('self').filter((target) => target === remote).length, {
        timeout: 2_000,
      })
      .toBe(0)
  })

  it('a file that grows while it is read is not deleted', async () => {
    const content = randomBytes(300 * 1024)
    const { transfer, remote, folder } = await pickUpWith({ growWhileRead: true }, content)
    expect(transfer?.state).toBe('failed')
    expect(transfer?.error?.kind).toBe('verify-failed')
    expect(existsSync(remote)).toBe(true)
    expect(readdirSync(folder)).toEqual([])
  })

  it('a slow server (every reply 20 ms late) still gets its files picked up', async () => {
    const content = randomBytes(200 * 1024)
    const { transfer, remote, folder } = await pickUpWith({ delayMs: 20 }, content)
    expect(transfer?.state).toBe('done')
    expect(readFileSync(join(folder, 'STATEMENT.pdf')).equals(content)).toBe(true)
    expect(existsSync(remote)).toBe(false)
  })

  it('a slow link (512 KiB/s) takes its time over 1 MiB, and the file still arrives whole', async () => {
    const content = randomBytes(1024 * 1024)
    const started = Date.now()
    const { transfer, folder } = await pickUpWith({ bytesPerSecond: 512 * 1024 }, content)
    // The fault works: 1 MiB over 512 KiB/s cannot take much under 2 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_800)
    expect(transfer?.state).toBe('done')
    expect(readFileSync(join(folder, 'STATEMENT.pdf')).equals(content)).toBe(true)
  })
})
