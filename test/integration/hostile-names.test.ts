import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listMailboxFiles } from '../../src/main/core/mailbox/list-mailbox-files'
import { pickupHistory } from '../../src/main/core/pickup/pickup-history'
import { MOST_LISTED_ENTRIES, type SftpSession } from '../../src/main/core/sftp/sftp-session'
import { startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import { remotePath } from '../../src/shared/remote-path'
import { PickupHarness } from '../fixtures/pickup-harness'

/** What OpenSSH on Linux cannot serve, from the demo gateway's fault modes. */
describe('listings Linux file systems cannot hold', () => {
  let dir: string
  const gateways: DemoGateway[] = []
  const sessions: SftpSession[] = []
  const harnesses: PickupHarness[] = []

  const serve = async (folder: string, names: readonly string[]) => {
    const gateway = await startDemoGateway({
      dataDir: join(dir, `gateway-${gateways.length}`),
      arrivalEveryMs: 3_600_000,
      faults: { virtualFiles: { folder, names } },
    })
    gateways.push(gateway)
    const harness = PickupHarness.forDemoAmili(gateway)
    harnesses.push(harness)
    const session = await harness.connect()
    sessions.push(session)
    return { harness, session }
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-hostile-'))
  })
  afterAll(async () => {
    for (const session of sessions) session.close()
    for (const gateway of gateways) await gateway.stop()
    for (const harness of harnesses) rmSync(harness.dataDir, { recursive: true, force: true })
    rmSync(dir, { recursive: true, force: true })
  })

  it('skips names no path can address, and saves the rest inside the destination only', async () => {
    const overlong = `${'x'.repeat(300)}.xml`
    const names = [
      '../../etc/cron.d/evil',
      'a/b.txt',
      'nul\u0000byte.txt',
      overlong,
      '..',
      'C:\\boot.ini',
      'AUX',
    ]
    const { harness, session } = await serve('hostile', names)
    const destination = join(dir, 'destination')
    const { started, transfers } = await harness.run({
      localFolder: destination,
      selection: { kind: 'mailbox', path: remotePath.parse('hostile') },
    })
    // Names with "/" or NUL, and "..", cannot be addressed as one path segment: never touched.
    expect(started.transferIds).toHaveLength(3)
    expect(transfers.map((transfer) => transfer.state)).toEqual(['done', 'done', 'done'])
    const saved = readdirSync(destination).sort()
    expect(saved).toEqual(['C__boot.ini', '_AUX', expect.stringMatching(/^x+\.xml$/)])
    for (const name of saved) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200)
    expect(readFileSync(join(destination, '_AUX'), 'utf8')).toBe('virtual:AUX')
    expect(
      readFileSync(join(destination, saved.find((name) => name.startsWith('xxx')) ?? ''), 'utf8'),
    ).toBe(`virtual:${overlong}`)
    expect(
      readdirSync(dir)
        .filter((name) => !name.startsWith('gateway-'))
        .sort(),
    ).toEqual(['destination'])
    expect(
      (await listMailboxFiles(session, remotePath.parse('hostile'), true)).map((file) => file.name),
    ).toEqual([])
  })

  it('saves names that disguise their type without the characters that disguise them, and the history keeps the original', async () => {
    // Each shows as another name in Explorer, Finder or a table: "invoice\u202Efdp.exe" reads
    // "invoiceexe.pdf". Virtual, as the other hostile names, though Linux could hold these.
    const disguised: Record<string, string> = {
      'invoice\u202Efdp.exe': 'invoice_fdp.exe',
      'order\u2066txt.exe\u2069.edi': 'order_txt.exe_.edi',
      'report\u200F.pdf': 'report_.pdf',
      'inv\u200Boice.xml': 'inv_oice.xml',
      '\uFEFFORDERS.edi': '_ORDERS.edi',
      'DESADV\u0085.xml': 'DESADV_.xml',
    }
    const { harness } = await serve('disguised', Object.keys(disguised))
    const destination = join(dir, 'disguised-destination')
    const { transfers } = await harness.run({
      localFolder: destination,
      selection: { kind: 'mailbox', path: remotePath.parse('disguised') },
    })
    expect(transfers.map((transfer) => transfer.state)).toEqual(
      Object.keys(disguised).map(() => 'done'),
    )
    expect(readdirSync(destination).sort()).toEqual(Object.values(disguised).sort())
    for (const [remote, local] of Object.entries(disguised))
      expect(readFileSync(join(destination, local), 'utf8')).toBe(`virtual:${remote}`)

    const history = pickupHistory(await harness.journal.history())
    expect(Object.fromEntries(history.map((entry) => [entry.remotePath, entry.localPath]))).toEqual(
      Object.fromEntries(
        Object.entries(disguised).map(([remote, local]) => [
          `disguised/${remote}`,
          join(destination, local),
        ]),
      ),
    )
  })

  it('skips a name whose path would pass 4096 characters, telling why, and lists the rest', async () => {
    const endless = `${'y'.repeat(5_000)}.xml`
    const { session } = await serve('long', ['fine.xml', endless, 'also-fine.xml'])
    const skipped: Array<[string, string]> = []
    const files = await listMailboxFiles(session, remotePath.parse('long'), true, {
      onSkipped: (name, reason) => skipped.push([name, reason]),
    })
    expect(files.map((file) => file.name).sort()).toEqual(['also-fine.xml', 'fine.xml'])
    expect(skipped).toEqual([[endless, 'the path would be longer than 4096 characters']])
  })

  it('stops listing a folder past its entry limit, saying how many it holds at least', async () => {
    const names = Array.from(
      { length: MOST_LISTED_ENTRIES + 1 },
      (_, index) => `F${String(index).padStart(7, '0')}.edi`,
    )
    const { session } = await serve('endless', names)
    await expect(
      listMailboxFiles(session, remotePath.parse('endless'), true),
    ).rejects.toMatchObject({
      kind: 'not-supported',
      message: expect.stringContaining('holds more than 200,000 entries'),
    })
    // The session is still usable: the listing stopped asking, it did not break the channel.
    expect(await session.stat(remotePath.parse('endless'))).toMatchObject({ kind: 'directory' })
  })

  it('lists a folder of 100,000 entries batch by batch, and can stop early', async () => {
    const names = Array.from(
      { length: 100_000 },
      (_, index) => `ORDERS-${String(index).padStart(6, '0')}.edi`,
    )
    const { session } = await serve('big', names)
    const counts: number[] = []
    const started = Date.now()
    const files = await listMailboxFiles(session, remotePath.parse('big'), true, {
      onProgress: (count) => counts.push(count),
    })
    const elapsed = Date.now() - started
    expect(files).toHaveLength(100_000)
    expect(counts.length).toBeGreaterThanOrEqual(200)
    console.log(`Listed 100,000 entries in ${elapsed} ms, in ${counts.length} batches`)

    const controller = new AbortController()
    const stopped = listMailboxFiles(session, remotePath.parse('big'), true, {
      signal: controller.signal,
      onProgress: (count) => count >= 5_000 && controller.abort(),
    })
    await expect(stopped).rejects.toMatchObject({ kind: 'cancelled' })
  })
})
