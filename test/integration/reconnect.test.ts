import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent } from '../../src/shared/transport'
import type { Transfer, TransferId } from '../../src/shared/domain'
import { connectedMailroom, valueOf } from '../fixtures/connected-mailroom'
import { startLatencyProxy, type LatencyProxy } from '../fixtures/latency-proxy'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')
// Quick retries: a cut link comes back at once here.
const RECONNECT_DELAYS_MS = [50, 100, 200, 400, 800, 1000, 1000, 1000, 1000, 1000]

type Connected = Awaited<ReturnType<typeof connectedMailroom>>

/** Resolves with every listed transfer once all of `ids` have finished (done, failed or cancelled). */
async function finished(app: Connected['app'], ids: readonly TransferId[]): Promise<Transfer[]> {
  const deadline = Date.now() + 90_000
  for (;;) {
    const all = valueOf<Transfer[]>(await app.dispatch('transfer:list', {}))
    const ours = all.filter((transfer) => ids.includes(transfer.id))
    if (ours.length === ids.length && ours.every((transfer) => transfer.finishedAt !== undefined))
      return ours
    if (Date.now() > deadline)
      throw new Error(
        `transfers still running: ${ours.filter((t) => t.finishedAt === undefined).length}`,
      )
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Calls `cut` when the `n`th transfer of the batch is done, for each n in `at` (once each), and
 * each cut after the first only once the connection is back: files finish in bursts (a journal
 * commit settles many), so without that a second cut could fall before the first took effect.
 */
function cutWhenDone(connected: Connected, at: readonly number[], cut: () => void): () => number {
  const done = new Set<string>()
  const pending = [...at]
  let cuts = 0
  let connectedNow = true
  connected.app.subscribe((event: ApiEvent) => {
    if (event.name === 'session:reconnected') connectedNow = true
    if (event.name !== 'transfer:update' || event.payload.state !== 'done') return
    done.add(event.payload.id)
    if (connectedNow && pending.length > 0 && done.size >= (pending[0] ?? Infinity)) {
      pending.shift()
      cuts += 1
      connectedNow = false
      cut()
    }
  })
  return () => cuts
}

/** "Pick up all" of a mailbox into `local`, as the UI asks for it. */
async function pickUpAll(connected: Connected, mailboxPath: string, localFolder: string) {
  return valueOf<{ transferIds: TransferId[] }>(
    await connected.app.dispatch('transfer:pickup', {
      profileId: connected.profile.id,
      mailboxPath,
      localFolder,
    }),
  )
}

const named = (events: ApiEvent[], name: ApiEvent['name']) =>
  events.filter((event) => event.name === name)

describe('a dropped connection mid-batch: reconnect and carry on', () => {
  let server: TestSshd
  let proxy: LatencyProxy
  const cleanups: Array<() => Promise<void> | void> = []

  beforeAll(async () => {
    server = await startSshd()
    proxy = await startLatencyProxy({
      targetHost: server.host,
      targetPort: server.port,
      delayMs: 5,
    })
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  afterAll(async () => {
    await proxy?.stop()
    await server?.stop()
  })

  const localFolder = () => {
    const folder = mkdtempSync(join(tmpdir(), 'mailroom-reconnect-'))
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }))
    return folder
  }
  const connect = async (port: number, extras: Record<string, unknown> = {}) => {
    const connected = await connectedMailroom(
      server,
      { port, minFileAgeSeconds: 0, ...extras },
      { reconnectDelaysMs: RECONNECT_DELAYS_MS },
    )
    cleanups.push(() => connected.close())
    await connected.open()
    return connected
  }
  const fillMailbox = (folder: string, count: number) => {
    const files = new Map<string, string>()
    for (let index = 0; index < count; index += 1) {
      const name = `invoice-${String(index).padStart(4, '0')}.edi`
      const content = randomBytes(10 * 1024)
      server.writeFile(`${folder}/${name}`, content)
      files.set(name, sha(content))
    }
    return files
  }
  const expectPickedUp = (local: string, remote: string, files: Map<string, string>) => {
    // Every file once, under its own name (no "(1)" copies, no part files left), byte for byte.
    expect(readdirSync(local).sort()).toEqual([...files.keys()].sort())
    for (const [name, hash] of files) expect(sha(readFileSync(join(local, name)))).toBe(hash)
    expect(readdirSync(join(server.jail, remote))).toEqual([])
  }

  // Each batch is larger than the files in flight at once (up to 256 on sshd), so files still
  // wait for the connection when it goes: a cut or a restart takes effect only a moment later.
  // And at most the 500 finished transfers `transfer:list` keeps, which `finished` reads.
  it('a pickup of 480 files through a link cut twice at the socket: every file once, none lost', async () => {
    const remote = 'reconnect-cut'
    const files = fillMailbox(remote, 480)
    const connected = await connect(proxy.port)
    const cuts = cutWhenDone(connected, [60, 240], () => proxy.dropConnections())
    const local = localFolder()
    const started = await pickUpAll(connected, remote, local)
    const transfers = await finished(connected.app, started.transferIds)
    expect(cuts()).toBe(2)
    expect(transfers.map((transfer) => transfer.error?.message ?? transfer.state)).toEqual(
      transfers.map(() => 'done'),
    )
    expectPickedUp(local, remote, files)
    expect(named(connected.events, 'session:reconnecting').length).toBeGreaterThanOrEqual(2)
    expect(named(connected.events, 'session:reconnected')).toHaveLength(2)
    expect(named(connected.events, 'session:closed')).toEqual([])
    // The transfers cut short said so, and carried on.
    const reconnectingStates = named(connected.events, 'transfer:update').filter(
      (event) => event.name === 'transfer:update' && event.payload.state === 'reconnecting',
    )
    expect(reconnectingStates.length).toBeGreaterThan(0)
  })

  it('a pickup while sshd restarts (down for 0.7 s): reconnects with backoff and finishes', async () => {
    const remote = 'reconnect-restart'
    const files = fillMailbox(remote, 480)
    const connected = await connect(server.port)
    let restarted: Promise<void> | undefined
    cutWhenDone(connected, [50], () => (restarted = server.restart(700)))
    const local = localFolder()
    const started = await pickUpAll(connected, remote, local)
    const transfers = await finished(connected.app, started.transferIds)
    await restarted
    expect(transfers.every((transfer) => transfer.state === 'done')).toBe(true)
    expectPickedUp(local, remote, files)
    // Refused while sshd was down: more than one attempt, then back.
    expect(named(connected.events, 'session:reconnecting').length).toBeGreaterThan(1)
    expect(named(connected.events, 'session:reconnected')).toHaveLength(1)
  })

  it.each(['temp-rename', 'direct'] as const)(
    'sending 480 files (%s) through a link cut twice: each arrives once, complete, nothing left over',
    async (uploadStrategy) => {
      const remote = `reconnect-send-${uploadStrategy}`
      server.writeFile(`${remote}/.keep`, '')
      rmSync(join(server.jail, remote, '.keep'))
      const local = localFolder()
      const sent = new Map<string, string>()
      for (let index = 0; index < 480; index += 1) {
        const name = `order-${String(index).padStart(4, '0')}.xml`
        const content = randomBytes(10 * 1024)
        writeFileSync(join(local, name), content)
        sent.set(name, sha(content))
      }
      const connected = await connect(proxy.port, { uploadStrategy })
      const cuts = cutWhenDone(connected, [40, 240], () => proxy.dropConnections())
      const ids = valueOf<TransferId[]>(
        await connected.app.dispatch('transfer:send', {
          profileId: connected.profile.id,
          remoteFolder: remote,
          localPaths: [...sent.keys()].map((name) => join(local, name)),
        }),
      )
      const transfers = await finished(connected.app, ids)
      expect(cuts()).toBe(2)
      expect(transfers.map((transfer) => transfer.error?.message ?? transfer.state)).toEqual(
        transfers.map(() => 'done'),
      )
      expect(readdirSync(join(server.jail, remote)).sort()).toEqual([...sent.keys()].sort())
      for (const [name, hash] of sent)
        expect(sha(readFileSync(join(server.jail, remote, name)))).toBe(hash)
    },
  )

  it('a large download cut in the middle resumes after what it had saved, not from zero', async () => {
    const remote = 'reconnect-large'
    const content = randomBytes(48 * 1024 * 1024)
    server.writeFile(`${remote}/archive.zip`, content)
    const connected = await connect(proxy.port)
    let cutAt: number | undefined
    const seen: Array<{ state: string; bytes: number }> = []
    connected.app.subscribe((event) => {
      if (event.name !== 'transfer:update') return
      seen.push({ state: event.payload.state, bytes: event.payload.transferredBytes })
      if (cutAt === undefined && event.payload.transferredBytes >= 20 * 1024 * 1024) {
        cutAt = event.payload.transferredBytes
        proxy.dropConnections()
      }
    })
    const local = localFolder()
    const started = await pickUpAll(connected, remote, local)
    const [transfer] = await finished(connected.app, started.transferIds)
    expect(transfer?.state).toBe('done')
    expect(sha(readFileSync(join(local, 'archive.zip')))).toBe(sha(content))
    const back = seen.findIndex((entry) => entry.state === 'reconnecting')
    expect(back).toBeGreaterThan(0)
    const resumedAt = seen.slice(back + 1).find((entry) => entry.state === 'running')?.bytes
    // What was in flight when the link went is read again (at most one pipeline, 4 MiB).
    expect(resumedAt).toBeGreaterThanOrEqual((cutAt ?? 0) - 4 * 1024 * 1024)
  })

  it('gives up when the server stays away, and says so; the batch fails with the reason', async () => {
    const lonely = await startLatencyProxy({
      targetHost: server.host,
      targetPort: server.port,
      delayMs: 5,
    })
    const remote = 'reconnect-gone'
    fillMailbox(remote, 480)
    const connected = await connectedMailroom(
      server,
      { port: lonely.port, minFileAgeSeconds: 0 },
      { reconnectDelaysMs: [20, 20, 20] },
    )
    cleanups.push(() => connected.close())
    await connected.open()
    cutWhenDone(connected, [5], () => void lonely.stop())
    const local = localFolder()
    const started = await pickUpAll(connected, remote, local)
    const transfers = await finished(connected.app, started.transferIds)
    const failed = transfers.filter((transfer) => transfer.state === 'failed')
    expect(failed.length).toBeGreaterThan(0)
    expect(failed[0]?.error?.message).toMatch(/^Reconnecting gave up\./)
    const closed = named(connected.events, 'session:closed')
    expect(closed).toHaveLength(1)
    expect(named(connected.events, 'session:reconnecting')).toHaveLength(3)
    // Nothing was lost: every file is saved locally (some of those deleted on the server just
    // before the link went, their delete unconfirmed: the next pickup's recovery notes it) or
    // still on the server, and none is in both with its delete confirmed.
    const saved = readdirSync(local)
    const left = readdirSync(join(server.jail, remote))
    expect(new Set([...saved, ...left]).size).toBe(480)
    for (const transfer of transfers.filter((t) => t.state === 'done'))
      expect(left).not.toContain(transfer.name)
  })

  it('closing while it waits to reconnect stops it; connecting then connects at once, once', async () => {
    const connected = await connectedMailroom(
      server,
      { port: proxy.port, minFileAgeSeconds: 0 },
      { reconnectDelaysMs: [400] },
    )
    cleanups.push(() => connected.close())
    await connected.open()
    const list = () =>
      connected.app.dispatch('remote:list', { profileId: connected.profile.id, path: '' })
    const waitFor = async (name: ApiEvent['name'], count: number) => {
      for (let i = 0; i < 200 && named(connected.events, name).length < count; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10))
      expect(named(connected.events, name)).toHaveLength(count)
    }

    proxy.dropConnections()
    await waitFor('session:reconnecting', 1)
    valueOf(await connected.app.dispatch('session:close', { profileId: connected.profile.id }))
    await waitFor('session:closed', 1)
    expect(await list()).toMatchObject({ ok: false, error: { kind: 'not-connected' } })

    await connected.open()
    proxy.dropConnections()
    await waitFor('session:reconnecting', 2)
    const started = Date.now()
    await connected.open()
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(await list()).toMatchObject({ ok: true })
    // The backoff it cut short opens nothing more when its time comes.
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(proxy.openConnections()).toBe(1)
    expect(named(connected.events, 'session:reconnected')).toEqual([])
  })

  it('a link that goes silent (no reset) is noticed by keepalive and reconnected', async () => {
    const connected = await connectedMailroom(
      server,
      { port: proxy.port, minFileAgeSeconds: 0 },
      { reconnectDelaysMs: RECONNECT_DELAYS_MS, keepaliveIntervalMs: 200 },
    )
    cleanups.push(() => connected.close())
    await connected.open()
    proxy.freezeConnections()
    const started = Date.now()
    for (let i = 0; i < 300 && named(connected.events, 'session:reconnected').length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20))
    expect(named(connected.events, 'session:reconnecting')[0]?.payload).toMatchObject({
      reason: { kind: 'connection-lost' },
    })
    expect(named(connected.events, 'session:reconnected')).toHaveLength(1)
    // Three unanswered checks of 0.2 s, then the first retry.
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(
      await connected.app.dispatch('remote:list', { profileId: connected.profile.id, path: '' }),
    ).toMatchObject({ ok: true })
  })
})
