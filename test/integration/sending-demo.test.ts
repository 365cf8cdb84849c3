import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Mailroom } from '../../src/main/core/app/create-mailroom'
import { DEMO_USERS, startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import type { FileServerFaults } from '../../src/demo/sftp-file-server'
import type { KeyInfo, Profile, Transfer } from '../../src/shared/domain'
import { trustingMailroom, valueOf } from '../fixtures/connected-mailroom'

/**
 * Sending through all of core to the demo gateway, for what sshd cannot show: a server that
 * refuses SETSTAT and takes what is sent, and a link slow enough to cancel a send part way.
 */
describe('sending to the demo gateway', () => {
  let dir: string
  let gateway: DemoGateway
  let app: Mailroom
  afterEach(async () => {
    await app?.shutdown()
    await gateway?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const connect = async (user: 'amili' | 'mft', faults: FileServerFaults = {}) => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-send-demo-'))
    gateway = await startDemoGateway({
      dataDir: join(dir, 'gateway'),
      takeAfterMs: 50,
      arrivalEveryMs: 3_600_000,
      faults,
    })
    app = trustingMailroom(join(dir, 'app'))
    const key = valueOf<KeyInfo>(
      await app.dispatch('keys:generate', { comment: 'test', rememberPassphrase: false }),
    )
    gateway.authorize(DEMO_USERS[user], key.publicKey)
    const profile = valueOf<Profile>(
      await app.dispatch('profiles:save', {
        profile: {
          name: user,
          preset: user === 'mft' ? 'mft-gateway' : 'amili',
          group: '',
          host: '127.0.0.1',
          port: gateway.portOf(user),
          username: DEMO_USERS[user],
          keyId: key.id,
        },
      }),
    )
    valueOf(await app.dispatch('session:open', { profileId: profile.id }))
    return profile
  }
  const send = async (profile: Profile, remoteFolder: string, path: string) =>
    valueOf<string[]>(
      await app.dispatch('transfer:send', {
        profileId: profile.id,
        remoteFolder,
        localPaths: [path],
      }),
    )[0] as string
  const transfer = async (id: string) =>
    valueOf<Transfer[]>(await app.dispatch('transfer:list', {})).find((item) => item.id === id)
  const until = async (id: string, done: (item: Transfer) => boolean, withinMs = 10_000) => {
    for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
      const item = await transfer(id)
      if (item && done(item)) return item
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`transfer ${id} never got there: ${JSON.stringify(await transfer(id))}`)
  }

  it(
    'MFT Gateway: sent with no SETSTAT to a server that refuses it, then taken by the gateway',
    { timeout: 40_000 },
    async () => {
      const profile = await connect('mft')
      const local = join(dir, 'ORDERS-77.edi')
      writeFileSync(local, randomBytes(200_000))
      const id = await send(profile, 'AS2/send/MAILROOM_DEMO/AcmeWholesale', local)
      expect((await until(id, (item) => item.finishedAt !== undefined)).state).toBe('done')
      expect(gateway.requests).toContain(
        `${DEMO_USERS.mft} OPEN WRITE,CREATE,TRUNCATE AS2/send/MAILROOM_DEMO/AcmeWholesale/ORDERS-77.edi`,
      )
      expect(gateway.requests.filter((line) => /SETSTAT|RENAME/.test(line))).toEqual([])
      await new Promise((resolve) => setTimeout(resolve, 100))
      await gateway.tick()
      const outbox = join(dir, 'gateway/mft/AS2/files/MAILROOM_DEMO/AcmeWholesale/outbox')
      expect(readFileSync(join(outbox, 'ORDERS-77.edi')).equals(readFileSync(local))).toBe(true)
      // Mailroom sees the file go from the send folder (it looks every 10 s) and says it was taken.
      const taken = await until(id, (item) => item.takenAt !== undefined, 25_000)
      expect(taken.takenAt).toBeGreaterThan(taken.finishedAt ?? 0)
    },
  )

  it('Amili: a send cancelled part way over a slow link leaves nothing in input/ for the import to take', async () => {
    const profile = await connect('amili', { bytesPerSecond: 256 * 1024 })
    const local = join(dir, 'CLAIMS.csv')
    writeFileSync(local, randomBytes(8 * 1024 * 1024))
    const id = await send(profile, 'input', local)
    await until(id, (item) => item.transferredBytes >= 256 * 1024)
    valueOf(await app.dispatch('transfer:cancel', { transferId: id }))
    // The writes already sent (up to 4 MiB in flight) are still carried before the cancel ends.
    const cancelled = await until(id, (item) => item.finishedAt !== undefined, 30_000)
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.transferredBytes).toBeLessThan(8 * 1024 * 1024)
    expect(readdirSync(join(dir, 'gateway/amili/input'))).toEqual([])
    expect(existsSync(local)).toBe(true)
  })
})
