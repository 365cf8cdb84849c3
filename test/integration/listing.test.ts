import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailroom, type Mailroom } from '../../src/main/core/app/create-mailroom'
import { silentLogger } from '../../src/main/core/logging/logger'
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store'
import type { Profile } from '../../src/shared/domain'
import type { Result } from '../../src/shared/errors'
import { MemorySettings } from '../fixtures/memory-settings'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** A large folder is read batch by batch: progress streams in, and a cancel stops it. */
describe('listing a large mailbox', () => {
  let server: TestSshd
  let dataDir: string
  let app: Mailroom
  let profile: Profile
  const progress = new Map<string, number[]>()

  const value = <T>(result: Result<unknown>): T => {
    if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`)
    return result.value as T
  }

  beforeAll(async () => {
    server = await startSshd()
    for (let index = 0; index < 5000; index += 1) server.writeFile(`pickup/file-${index}.txt`, 'x')
    dataDir = mkdtempSync(join(tmpdir(), 'mailroom-listing-'))
    app = createMailroom({
      dataDir,
      settings: new MemorySettings(),
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      platform: { transport: 'web', version: 'test' },
    })
    app.subscribe((event) => {
      if (event.name === 'hostkey:prompt')
        void app.dispatch('hostkey:answer', { promptId: event.payload.promptId, trust: true })
      if (event.name === 'listing:progress')
        progress.set(event.payload.listingId, [
          ...(progress.get(event.payload.listingId) ?? []),
          event.payload.count,
        ])
    })
    const key = value<{ id: string }>(
      await app.dispatch('keys:import', {
        source: { kind: 'path', path: server.clientKeyPath },
        rememberPassphrase: false,
      }),
    )
    profile = value<Profile>(
      await app.dispatch('profiles:save', {
        profile: {
          name: 'L',
          preset: 'generic',
          group: '',
          host: server.host,
          port: server.port,
          username: server.username,
          keyId: key.id,
        },
      }),
    )
    value(await app.dispatch('session:open', { profileId: profile.id }))
  })
  afterAll(async () => {
    await app?.shutdown()
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('reports the count as batches arrive, and lists everything', async () => {
    const listingId = randomUUID()
    const files = value<unknown[]>(
      await app.dispatch('mailboxes:list-files', {
        profileId: profile.id,
        path: 'pickup',
        receive: true,
        listingId,
      }),
    )
    expect(files).toHaveLength(5000)
    const counts = progress.get(listingId) ?? []
    expect(counts.length).toBeGreaterThan(5)
    expect(counts.at(-1)).toBe(5000)
    expect([...counts].sort((a, b) => a - b)).toEqual(counts)
  })

  it('stops when cancelled', async () => {
    const listingId = randomUUID()
    const stop = app.subscribe((event) => {
      if (event.name === 'listing:progress' && event.payload.listingId === listingId)
        void app.dispatch('mailboxes:cancel-listing', { listingId })
    })
    const result = await app.dispatch('mailboxes:list-files', {
      profileId: profile.id,
      path: 'pickup',
      receive: true,
      listingId,
    })
    stop()
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
    expect((progress.get(listingId) ?? []).at(-1)).toBeLessThan(5000)
  })
})
