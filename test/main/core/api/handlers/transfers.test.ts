import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MailroomStore } from '../../../../../src/main/core/store/mailroom-store'
import { SentLog } from '../../../../../src/main/core/transfer/sent-log'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

const HOUR = 60 * 60 * 1000

describe('the transfer calls', () => {
  let core: MemoryMailroom | undefined
  let store: MailroomStore | undefined
  afterEach(async () => {
    store?.close()
    store = undefined
    await core?.close()
    core = undefined
  })
  /** The sent log of core's own database, written as a finished send would write it. */
  const sentLogOf = (mailroom: MemoryMailroom) => {
    store = MailroomStore.open(join(mailroom.dataDir, 'mailroom.db'))
    return new SentLog(store)
  }

  it('recovers interrupted sends only of a known profile, and connects to nothing when there are none', async () => {
    core = memoryMailroom()
    const profile = await core.profile()
    expect(await core.app.dispatch('transfer:recover-sends', { profileId: profile.id })).toEqual({
      ok: true,
      value: { sends: [] },
    })
    expect(
      await core.app.dispatch('transfer:recover-sends', {
        profileId: 'profile-unknown',
        reportOnly: true,
      }),
    ).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })

  it("finds names sent within the gateway's duplicate window, and only for a gateway that has one", async () => {
    core = memoryMailroom()
    const mft = await core.profile({ name: 'MFT', preset: 'mft-gateway', username: 'acme' })
    const generic = await core.profile({ name: 'Generic' })
    const folder = 'AS2/send/STATION/PARTNER'
    const sent = sentLogOf(core)
    sent.record(mft.id, folder, 'recent.xml', Date.now() - HOUR)
    sent.record(mft.id, folder, 'old.xml', Date.now() - 7 * HOUR)
    sent.record(mft.id, 'AS2/send/STATION/OTHER', 'elsewhere.xml', Date.now() - HOUR)
    sent.record(generic.id, folder, 'recent.xml', Date.now() - HOUR)

    const names = ['recent.xml', 'old.xml', 'elsewhere.xml', 'new.xml']
    const found = await core.app.dispatch('transfer:check-duplicates', {
      profileId: mft.id,
      remoteFolder: folder,
      names,
    })
    expect(found).toMatchObject({
      ok: true,
      value: [
        { name: 'recent.xml', suggestion: expect.stringMatching(/^recent-\d{8}-\d{6}\.xml$/) },
      ],
    })
    // Generic SFTP has no duplicate rule: nothing is a duplicate, whatever was sent.
    expect(
      await core.app.dispatch('transfer:check-duplicates', {
        profileId: generic.id,
        remoteFolder: folder,
        names,
      }),
    ).toEqual({ ok: true, value: [] })
  })

  it('hands the OS drag only a file it downloaded for dragging, and drags only in the desktop app', async () => {
    const dragged: string[] = []
    core = memoryMailroom({
      transport: 'electron',
      version: 'test',
      startDrag: (path) => dragged.push(path),
    })
    expect(await core.app.dispatch('transfer:start-drag', { localPath: '/etc/passwd' })).toEqual({
      ok: false,
      error: { kind: 'invalid-input', message: 'That file was not prepared for dragging.' },
    })
    expect(dragged).toEqual([])
    await core.close()

    core = memoryMailroom()
    const profile = await core.profile()
    expect(
      await core.app.dispatch('transfer:drag-out', { profileId: profile.id, remotePath: 'a.xml' }),
    ).toMatchObject({ ok: false, error: { kind: 'not-supported' } })
  })

  it('lists no transfers before any ran', async () => {
    core = memoryMailroom()
    expect(await core.app.dispatch('transfer:list', {})).toEqual({ ok: true, value: [] })
  })
})
