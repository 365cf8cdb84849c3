import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventBus } from '../../src/main/core/api/event-bus'
import { loadPrivateKey } from '../../src/main/core/keys/load-private-key'
import { silentLogger } from '../../src/main/core/logging/logger'
import { PickupJournal } from '../../src/main/core/pickup/pickup-journal'
import { startPickup } from '../../src/main/core/pickup/run-pickup'
import { openSftpSession } from '../../src/main/core/sftp/open-session'
import { TransferQueue } from '../../src/main/core/transfer/transfer-queue'
import type { ProfileId } from '../../src/shared/domain'
import { remotePath } from '../../src/shared/remote-path'
import { startHostileServer, type HostileServer } from '../fixtures/hostile-sftp-server'

/** Names no Linux file system allows, from a server that lists them anyway. */
describe('pickup from a server that lists names Linux refuses', () => {
  let server: HostileServer
  let dir: string
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

  beforeAll(async () => {
    server = await startHostileServer(names)
    dir = mkdtempSync(join(tmpdir(), 'mailroom-hostile-'))
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('skips names no path can address, and saves the rest inside the destination only', async () => {
    const keyPath = join(dir, 'key')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath])
    const session = await openSftpSession({
      host: server.host,
      port: server.port,
      username: 'anyone',
      privateKey: await loadPrivateKey(keyPath),
      logger: silentLogger,
      verifyHostKey: async () => true,
    })
    const destination = join(dir, 'destination')
    const queue = new TransferQueue(new EventBus(), silentLogger)
    const started = await startPickup({
      queue,
      session,
      profileId: 'profile-hostile' as ProfileId,
      journal: new PickupJournal(join(dir, 'journal.jsonl')),
      logger: silentLogger,
      selection: { kind: 'mailbox', path: remotePath.parse('pickup') },
      localFolder: destination,
      minAgeMs: 0,
      keepOnServer: false,
    })
    await queue.idle()
    session.close()
    // Names with "/" or NUL, and "..", cannot be addressed as one path segment: never touched.
    expect(started.transferIds).toHaveLength(3)
    expect(queue.list().map((transfer) => transfer.state)).toEqual(['done', 'done', 'done'])
    expect(readdirSync(dir).sort()).toEqual(['destination', 'journal.jsonl', 'key', 'key.pub'])
    const saved = readdirSync(destination).sort()
    expect(saved).toEqual(['C__boot.ini', '_AUX', expect.stringMatching(/^x+\.xml$/)])
    for (const name of saved) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200)
    expect(readFileSync(join(destination, '_AUX'), 'utf8')).toBe('hostile:AUX')
    expect(
      readFileSync(join(destination, saved.find((name) => name.startsWith('xxx')) ?? ''), 'utf8'),
    ).toBe(`hostile:${overlong}`)
    expect(server.removed.sort()).toEqual(
      ['pickup/AUX', 'pickup/C:\\boot.ini', `pickup/${overlong}`].sort(),
    )
  })
})
