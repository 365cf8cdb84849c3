import { describe, expect, it } from 'vitest'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import type { SentFile } from '../../../../src/main/core/store/sent-files-table'

const sent = (name: string, sentAt: number, folder = 'in', profileId = 'p1'): SentFile => ({
  profileId,
  folder,
  name,
  sentAt,
})

describe('SentFilesTable', () => {
  it('answers each name sent to a folder since a moment, with its latest send', () => {
    const { sentFiles } = MailroomStore.open(':memory:')
    sentFiles.record(
      [
        sent('a.xml', 100),
        sent('a.xml', 300),
        sent('b.xml', 200),
        sent('c.xml', 199),
        sent('a.xml', 400, 'elsewhere'),
        sent('a.xml', 500, 'in', 'p2'),
      ],
      0,
    )
    expect(sentFiles.sentSince('p1', 'in', 200)).toEqual(
      new Map([
        ['a.xml', 300],
        ['b.xml', 200],
      ]),
    )
    expect(sentFiles.sentSince('p1', 'in', 301)).toEqual(new Map())
    expect(sentFiles.sentSince('p2', 'in', 0)).toEqual(new Map([['a.xml', 500]]))
    expect(sentFiles.sentSince('p3', 'in', 0)).toEqual(new Map())
    expect(sentFiles.size()).toBe(6)
  })

  it('forgets sends from before the moment given, in the same commit', () => {
    const { sentFiles } = MailroomStore.open(':memory:')
    sentFiles.record([sent('old.xml', 100), sent('edge.xml', 200)], 0)
    sentFiles.record([sent('new.xml', 300)], 200)
    expect(sentFiles.size()).toBe(2)
    expect([...sentFiles.sentSince('p1', 'in', 0).keys()].sort()).toEqual(['edge.xml', 'new.xml'])
    // Nothing new to record still forgets what is too old.
    sentFiles.record([], 301)
    expect(sentFiles.size()).toBe(0)
  })

  it('records all of a batch or none of it', () => {
    const { sentFiles } = MailroomStore.open(':memory:')
    sentFiles.record([sent('kept.xml', 100)], 0)
    const damaged = { ...sent('b.xml', 200), name: null } as unknown as SentFile
    expect(() => sentFiles.record([sent('a.xml', 200), damaged], 150)).toThrow(/NOT NULL/)
    expect(sentFiles.size()).toBe(1)
    expect(sentFiles.sentSince('p1', 'in', 0)).toEqual(new Map([['kept.xml', 100]]))
    // And the table takes the next batch: no transaction was left open.
    sentFiles.record([sent('a.xml', 200)], 0)
    expect(sentFiles.size()).toBe(2)
  })
})
