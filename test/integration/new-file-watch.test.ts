import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectedMailroom, valueOf } from '../fixtures/connected-mailroom'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** Optional checking for new files: reported per mailbox, and picked up when asked. */
describe('checking for new files', () => {
  let server: TestSshd
  let mailroom: Awaited<ReturnType<typeof connectedMailroom>>

  beforeAll(async () => {
    server = await startSshd()
    server.writeFile('pickup/already-there.txt', 'old')
    mailroom = await connectedMailroom(
      server,
      {
        name: 'Watched',
        receiveFolders: ['pickup'],
        checkEveryMinutes: 1,
        autoPickup: true,
        minFileAgeSeconds: 0,
      },
      { minuteMs: 150 },
    )
  })
  afterAll(async () => {
    await mailroom?.close()
    await server?.stop()
  })

  it('refuses to check an AS2 Gateway more often than every 5 minutes', async () => {
    const result = await mailroom.app.dispatch('profiles:save', {
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
    const { app, profile, events } = mailroom
    const folder = join(mailroom.dataDir, 'incoming')
    valueOf(
      await app.dispatch('pickup:set-folder', {
        profileId: profile.id,
        mailboxPath: 'pickup',
        folder,
      }),
    )
    await mailroom.open()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(events.some((event) => event.name === 'mailbox:new-files')).toBe(false)

    server.writeFile('pickup/new-1.edi', 'one')
    server.writeFile('pickup/new-2.edi', 'two')
    const arrived = () =>
      existsSync(join(folder, 'new-1.edi')) && existsSync(join(folder, 'new-2.edi'))
    for (let attempt = 0; attempt < 200 && !arrived(); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50))
    // Both files may be noticed in one check or in two: together they are two new files.
    const found = events.flatMap((event) =>
      event.name === 'mailbox:new-files' ? [event.payload] : [],
    )
    expect(found.reduce((sum, payload) => sum + payload.count, 0)).toBe(2)
    expect(found[0]).toMatchObject({
      profileId: profile.id,
      mailboxPath: 'pickup',
      partner: 'Watched',
      autoPickup: true,
    })
    await mailroom.app.dispatch('session:close', { profileId: profile.id })
    expect(readFileSync(join(folder, 'new-1.edi'), 'utf8')).toBe('one')
    expect(readFileSync(join(folder, 'new-2.edi'), 'utf8')).toBe('two')
  })
})
