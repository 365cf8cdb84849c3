import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventBus } from '../../src/main/core/api/event-bus'
import { parsePrivateKey } from '../../src/main/core/keys/load-private-key'
import { silentLogger } from '../../src/main/core/logging/logger'
import { listMailboxFiles } from '../../src/main/core/mailbox/list-mailbox-files'
import { PickupJournal } from '../../src/main/core/pickup/pickup-journal'
import { startPickup } from '../../src/main/core/pickup/run-pickup'
import { openSftpSession } from '../../src/main/core/sftp/open-session'
import type { SftpSession } from '../../src/main/core/sftp/sftp-session'
import { TransferQueue } from '../../src/main/core/transfer/transfer-queue'
import { DEMO_USERS, startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import type { ProfileId } from '../../src/shared/domain'
import { remotePath } from '../../src/shared/remote-path'

/** What OpenSSH on Linux cannot serve, from the demo gateway's fault modes. */
describe('listings Linux file systems cannot hold', () => {
  let dir: string
  const gateways: DemoGateway[] = []
  const sessions: SftpSession[] = []
  const key = ssh2.utils.generateKeyPairSync('ed25519')

  const connect = async (folder: string, names: readonly string[]) => {
    const gateway = await startDemoGateway({
      dataDir: join(dir, `gateway-${gateways.length}`),
      arrivalEveryMs: 3_600_000,
      faults: { virtualFiles: { folder, names } },
    })
    gateways.push(gateway)
    gateway.authorize(DEMO_USERS.amili, key.public)
    const session = await openSftpSession({
      host: '127.0.0.1',
      port: gateway.port,
      username: DEMO_USERS.amili,
      privateKey: parsePrivateKey(Buffer.from(key.private), 'key'),
      logger: silentLogger,
      verifyHostKey: async () => true,
    })
    sessions.push(session)
    return session
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-hostile-'))
  })
  afterAll(async () => {
    for (const session of sessions) session.close()
    for (const gateway of gateways) await gateway.stop()
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
    const session = await connect('hostile', names)
    const destination = join(dir, 'destination')
    const queue = new TransferQueue(new EventBus(), silentLogger)
    const started = await startPickup({
      queue,
      session,
      profileId: 'profile-hostile' as ProfileId,
      journal: new PickupJournal(join(dir, 'journal.jsonl')),
      logger: silentLogger,
      selection: { kind: 'mailbox', path: remotePath.parse('hostile') },
      localFolder: destination,
      minAgeMs: 0,
      keepOnServer: false,
    })
    await queue.idle()
    // Names with "/" or NUL, and "..", cannot be addressed as one path segment: never touched.
    expect(started.transferIds).toHaveLength(3)
    expect(queue.list().map((transfer) => transfer.state)).toEqual(['done', 'done', 'done'])
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
    ).toEqual(['destination', 'journal.jsonl'])
    expect(
      (await listMailboxFiles(session, remotePath.parse('hostile'), true)).map((file) => file.name),
    ).toEqual([])
  })

  it('lists a folder of 100,000 entries batch by batch, and can stop early', async () => {
    const names = Array.from(
      { length: 100_000 },
      (_, index) => `ORDERS-${String(index).padStart(6, '0')}.edi`,
    )
    const session = await connect('big', names)
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
