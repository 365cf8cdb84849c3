import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailroom, type Mailroom } from '../../src/main/core/app/create-mailroom'
import { silentLogger } from '../../src/main/core/logging/logger'
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store'
import type { Profile } from '../../src/shared/domain'
import type { Result } from '../../src/shared/errors'
import type { ApiEvent } from '../../src/shared/transport'
import { MemorySettings } from '../fixtures/memory-settings'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** Optional checking for new files: reported per mailbox, and picked up when asked. */
describe('checking for new files', () => {
  let server: TestSshd
  let dir: string
  let app: Mailroom
  const events: ApiEvent[] = []
  const value = <T>(result: Result<unknown>): T => {
    if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`)
    return result.value as T
  }

  beforeAll(async () => {
    server = await startSshd()
    dir = mkdtempSync(join(tmpdir(), 'mailroom-watch-'))
    app = createMailroom({
      dataDir: join(dir, 'data'),
      settings: new MemorySettings(),
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      platform: { transport: 'web', version: 'test' },
      minuteMs: 150,
    })
    app.subscribe((event) => {
      events.push(event)
      if (event.name === 'hostkey:prompt')
        void app.dispatch('hostkey:answer', { promptId: event.payload.promptId, trust: true })
    })
  })
  afterAll(async () => {
    await app?.shutdown()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses to check an AS2 Gateway more often than every 5 minutes', async () => {
    const result = await app.dispatch('profiles:save', {
      profile: {
        name: 'A',
        preset: 'as2-gateway',
        group: '',
        host: server.host,
        port: server.port,
        username: 'acme',
        keyId: null,
        checkEveryMinutes: 2,
      },
    })
    expect(result).toMatchObject({
      ok: false,
      error: {
        message:
          'profile.checkEveryMinutes: AS2 Gateway asks clients to check no more often than every 5 minutes',
      },
    })
  })

  it('reports new files in a receive mailbox and picks them up automatically', async () => {
    server.writeFile('pickup/already-there.txt', 'old')
    const key = value<{ id: string }>(
      await app.dispatch('keys:import', {
        source: { kind: 'path', path: server.clientKeyPath },
        rememberPassphrase: false,
      }),
    )
    const profile = value<Profile>(
      await app.dispatch('profiles:save', {
        profile: {
          name: 'Watched',
          preset: 'generic',
          group: '',
          host: server.host,
          port: server.port,
          username: server.username,
          keyId: key.id,
          receiveFolders: ['pickup'],
          checkEveryMinutes: 1,
          autoPickup: true,
          minFileAgeSeconds: 0,
        },
      }),
    )
    const folder = join(dir, 'incoming')
    value(
      await app.dispatch('pickup:set-folder', {
        profileId: profile.id,
        mailboxPath: 'pickup',
        folder,
      }),
    )
    value(await app.dispatch('session:open', { profileId: profile.id }))
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(events.some((event) => event.name === 'mailbox:new-files')).toBe(false)

    server.writeFile('pickup/new-1.edi', 'one')
    server.writeFile('pickup/new-2.edi', 'two')
    for (let attempt = 0; attempt < 100 && !existsSync(join(folder, 'new-2.edi')); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50))
    const found = events.find((event) => event.name === 'mailbox:new-files')
    expect(found?.payload).toMatchObject({
      profileId: profile.id,
      mailboxPath: 'pickup',
      partner: 'Watched',
      count: 2,
      autoPickup: true,
    })
    expect(readFileSync(join(folder, 'new-1.edi'), 'utf8')).toBe('one')
    expect(readFileSync(join(folder, 'new-2.edi'), 'utf8')).toBe('two')
  })
})
