import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent } from '../../src/shared/transport'
import type { TransferId } from '../../src/shared/domain'
import { connectedMailroom, valueOf } from '../fixtures/connected-mailroom'
import { startLatencyProxy, type LatencyProxy } from '../fixtures/latency-proxy'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')

describe('two pickups of one profile at once', () => {
  let server: TestSshd
  let proxy: LatencyProxy
  beforeAll(async () => {
    server = await startSshd()
    // A few milliseconds each way, so the two batches overlap.
    proxy = await startLatencyProxy({
      targetHost: server.host,
      targetPort: server.port,
      delayMs: 3,
    })
  })
  afterAll(async () => {
    await proxy?.stop()
    await server?.stop()
  })

  it("do not roll back each other's files in flight: every file of both is picked up once", async () => {
    const files = new Map<string, string>()
    for (const mailbox of ['inbox-a', 'inbox-b'])
      for (let index = 0; index < 150; index += 1) {
        const name = `${mailbox}-${index}.edi`
        const content = randomBytes(8 * 1024)
        server.writeFile(`${mailbox}/${name}`, content)
        files.set(name, sha(content))
      }
    const connected = await connectedMailroom(server, { port: proxy.port, minFileAgeSeconds: 0 })
    const local = mkdtempSync(join(tmpdir(), 'mailroom-concurrent-'))
    try {
      await connected.open()
      const finished = new Map<string, ApiEvent>()
      connected.app.subscribe((event) => {
        if (event.name === 'transfer:update' && event.payload.finishedAt !== undefined)
          finished.set(event.payload.id, event)
      })
      const pickUp = async (mailboxPath: string) =>
        valueOf<{ transferIds: TransferId[] }>(
          await connected.app.dispatch('transfer:pickup', {
            profileId: connected.profile.id,
            mailboxPath,
            localFolder: local,
          }),
        )
      // The second starts while the first's files are in flight.
      const first = await pickUp('inbox-a')
      const second = await pickUp('inbox-b')
      const ids = [...first.transferIds, ...second.transferIds]
      expect(ids).toHaveLength(300)
      for (let i = 0; i < 1500 && ids.some((id) => !finished.has(id)); i += 1)
        await new Promise((resolve) => setTimeout(resolve, 20))
      const outcomes = ids.map((id) => {
        const event = finished.get(id)
        return event?.name === 'transfer:update'
          ? (event.payload.error?.message ?? event.payload.state)
          : 'unfinished'
      })
      expect(outcomes).toEqual(ids.map(() => 'done'))
      expect(readdirSync(local).sort()).toEqual([...files.keys()].sort())
      for (const [name, hash] of files) expect(sha(readFileSync(join(local, name)))).toBe(hash)
      expect(readdirSync(join(server.jail, 'inbox-a'))).toEqual([])
      expect(readdirSync(join(server.jail, 'inbox-b'))).toEqual([])
    } finally {
      await connected.close()
      rmSync(local, { recursive: true, force: true })
    }
  })
})
