import { describe, expect, it } from 'vitest'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import type { SessionLogRow } from '../../../../src/main/core/store/session-log-table'

const row = (message: string, profileId?: string): SessionLogRow => ({
  at: '2026-11-23T09:14:59.000Z',
  level: 'info',
  category: 'connection',
  ...(profileId ? { profileId, profileName: `Profile ${profileId}` } : {}),
  message,
})

describe('SessionLogTable', () => {
  it('stores rows with increasing ids and gives them back as they were', () => {
    const { sessionLog } = MailroomStore.open(':memory:')
    const detailed: SessionLogRow = {
      ...row('Sent invoice.xml', 'p1'),
      level: 'warn',
      category: 'transfer',
      details: { size: '10 bytes', path: 'AS2/send/A/B/invoice.xml' },
    }
    const stored = sessionLog.append([row('Connected'), detailed], 100)
    expect(stored).toEqual([
      { ...row('Connected'), id: 1 },
      { ...detailed, id: 2 },
    ])
    expect(sessionLog.list({ limit: 10 })).toEqual(stored)
    expect(sessionLog.append([row('Closed')], 100)).toEqual([{ ...row('Closed'), id: 3 }])
  })

  it('keeps only the last rows it is told to keep', () => {
    const { sessionLog } = MailroomStore.open(':memory:')
    sessionLog.append(
      Array.from({ length: 5 }, (_, index) => row(`entry ${index}`)),
      3,
    )
    expect(sessionLog.list({ limit: 10 }).map((entry) => entry.message)).toEqual([
      'entry 2',
      'entry 3',
      'entry 4',
    ])
    sessionLog.append([row('entry 5')], 3)
    expect(sessionLog.list({ limit: 10 }).map((entry) => entry.id)).toEqual([4, 5, 6])
  })

  it('pages back from the newest, oldest first within a page, for all or one profile', () => {
    const { sessionLog } = MailroomStore.open(':memory:')
    sessionLog.append(
      [row('a', 'p1'), row('b', 'p2'), row('c', 'p1'), row('d'), row('e', 'p1')],
      100,
    )
    const messages = (options: Parameters<typeof sessionLog.list>[0]) =>
      sessionLog.list(options).map((entry) => entry.message)
    expect(messages({ limit: 2 })).toEqual(['d', 'e'])
    expect(messages({ limit: 2, before: 4 })).toEqual(['b', 'c'])
    expect(messages({ limit: 10, profileId: 'p1' })).toEqual(['a', 'c', 'e'])
    expect(messages({ limit: 1, profileId: 'p1', before: 5 })).toEqual(['c'])
    expect(messages({ limit: 10, profileId: 'p3' })).toEqual([])
  })

  it('stores all of a batch or none of it', () => {
    const { sessionLog } = MailroomStore.open(':memory:')
    sessionLog.append([row('kept')], 100)
    const damaged = { ...row('damaged'), message: null } as unknown as SessionLogRow
    expect(() => sessionLog.append([row('lost'), damaged], 1)).toThrow(/NOT NULL/)
    expect(sessionLog.list({ limit: 10 }).map((entry) => entry.message)).toEqual(['kept'])
    expect(sessionLog.append([row('next')], 100).map((entry) => entry.message)).toEqual(['next'])
  })
})
