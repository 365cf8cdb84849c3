import { describe, expect, it } from 'vitest'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import type { SendUploadStep } from '../../../../src/main/core/store/send-uploads-table'

const queued = (id: string, extra: Partial<Extract<SendUploadStep, { step: 'queued' }>> = {}) =>
  ({
    step: 'queued',
    id,
    profileId: 'p1',
    remotePath: `out/${id}.xml`,
    localPath: `/here/${id}.xml`,
    size: 100,
    strategy: 'temp-rename',
    at: 1_000,
    ...extra,
  }) as const

describe('SendUploadsTable', () => {
  const open = () => MailroomStore.open(':memory:').sendUploads

  it('keeps each step of an upload, from queued to sent', () => {
    const table = open()
    table.apply([queued('a')])
    expect(table.byId('a')).toEqual({
      id: 'a',
      profileId: 'p1',
      remotePath: 'out/a.xml',
      localPath: '/here/a.xml',
      size: 100,
      strategy: 'temp-rename',
      queuedAt: 1_000,
      status: 'queued',
    })
    table.apply([{ step: 'started', id: 'a', size: 120, temporaryPath: '.a.tmp', at: 2_000 }])
    table.apply([{ step: 'written', id: 'a', size: 120, serverModifiedAt: 3_000, at: 3_100 }])
    expect(table.byId('a')).toMatchObject({
      status: 'written',
      size: 120,
      temporaryPath: '.a.tmp',
      startedAt: 2_000,
      writtenAt: 3_100,
      serverModifiedAt: 3_000,
    })
    table.apply([{ step: 'sent', id: 'a', at: 4_000 }])
    table.apply([{ step: 'taken', id: 'a', at: 5_000 }])
    expect(table.byId('a')).toMatchObject({ status: 'taken', finishedAt: 4_000 })
  })

  it('keeps an encrypted upload’s original, how it was encrypted, and its encrypt step', () => {
    const table = open()
    const pgp = { recipients: ['A'.repeat(40)], signedBy: 'B'.repeat(40), armored: true }
    table.apply([
      queued('e', {
        localPath: '/data/pgp-outgoing/e/e.xml.asc',
        sourcePath: '/here/e.xml',
        pgp: pgp as never,
      }),
    ])
    expect(table.byId('e')).toMatchObject({ sourcePath: '/here/e.xml', pgp, status: 'queued' })
    expect(table.byId('e')?.encryptedAt).toBeUndefined()
    table.apply([{ step: 'encrypted', id: 'e', size: 180, at: 1_500 }])
    expect(table.byId('e')).toMatchObject({ status: 'queued', size: 180, encryptedAt: 1_500 })
    // Once it is being written, a late encrypt step cannot take it back.
    table.apply([{ step: 'started', id: 'e', size: 180, at: 2_000 }])
    table.apply([{ step: 'encrypted', id: 'e', size: 1, at: 2_500 }])
    expect(table.byId('e')).toMatchObject({ status: 'started', size: 180 })
  })

  it('starts an upload afresh when it is started again (after a drop, or a Retry)', () => {
    const table = open()
    table.apply([
      queued('a'),
      { step: 'started', id: 'a', size: 100, temporaryPath: '.a.1', at: 2_000 },
      { step: 'written', id: 'a', size: 100, serverModifiedAt: 3_000, at: 3_000 },
      { step: 'failed', id: 'a', outcome: 'refused', at: 3_500 },
      { step: 'started', id: 'a', size: 100, temporaryPath: '.a.2', at: 4_000 },
    ])
    const row = table.byId('a')
    expect(row).toMatchObject({ status: 'started', temporaryPath: '.a.2', startedAt: 4_000 })
    expect(row?.serverModifiedAt).toBeUndefined()
    expect(row?.finishedAt).toBeUndefined()
    expect(row?.outcome).toBeUndefined()
  })

  it("lists a profile's unfinished uploads oldest first, and a message's files in order", () => {
    const table = open()
    table.apply([
      queued('late', { at: 3_000 }),
      queued('early', { at: 1_000 }),
      queued('done', { at: 500 }),
      { step: 'sent', id: 'done', at: 600 },
      queued('other', { profileId: 'p2' }),
      queued('m1', { messageFolder: 'out/msg', remotePath: 'out/msg/1.xml', at: 2_000 }),
      queued('m2', { messageFolder: 'out/msg', remotePath: 'out/msg/2.xml', at: 2_000 }),
      { step: 'sent', id: 'm1', at: 2_500 },
    ])
    expect(table.unfinished('p1').map((row) => row.id)).toEqual(['early', 'm2', 'late'])
    expect(table.ofMessage('p1', 'out/msg').map((row) => [row.id, row.status])).toEqual([
      ['m1', 'sent'],
      ['m2', 'queued'],
    ])
  })

  it('forgets uploads that ended before the time kept, never an unfinished one', () => {
    const table = open()
    table.apply([
      queued('old'),
      { step: 'sent', id: 'old', at: 1_000 },
      queued('stuck'),
      queued('new'),
      { step: 'recovered', id: 'new', outcome: 'not-sent: removed', at: 9_000 },
    ])
    table.apply([], 5_000)
    expect(table.byId('old')).toBeUndefined()
    expect(table.byId('stuck')?.status).toBe('queued')
    expect(table.byId('new')).toMatchObject({ status: 'recovered', outcome: 'not-sent: removed' })
  })

  it('records none of a commit that fails', () => {
    const table = open()
    expect(() => table.apply([queued('a'), queued('a')])).toThrow(/UNIQUE/)
    expect(table.byId('a')).toBeUndefined()
  })
})
