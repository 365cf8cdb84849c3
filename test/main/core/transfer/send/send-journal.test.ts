import { describe, expect, it } from 'vitest'
import { MailroomStore } from '../../../../../src/main/core/store/mailroom-store'
import { SendJournal } from '../../../../../src/main/core/transfer/send/send-journal'

const queued = (id: string) =>
  ({
    step: 'queued',
    id,
    profileId: 'p1',
    remotePath: `out/${id}`,
    localPath: `/here/${id}`,
    size: 1,
    strategy: 'direct',
    at: Date.now(),
  }) as const

describe('SendJournal', () => {
  it('hides from recovery the uploads a send of this process is working on', async () => {
    const journal = new SendJournal(MailroomStore.open(':memory:'))
    await Promise.all([journal.append(queued('a')), journal.append(queued('b'))])
    journal.working(['a'])
    expect(journal.unfinished('p1').map((row) => row.id)).toEqual(['b'])
    expect(journal.isWorking('a')).toBe(true)
    journal.settled(['a'])
    expect(journal.unfinished('p1').map((row) => row.id)).toEqual(['a', 'b'])
  })

  it('ends the uploads of a batch that never started, and leaves what the others left for recovery', async () => {
    const journal = new SendJournal(MailroomStore.open(':memory:'))
    await Promise.all(['a', 'b', 'c'].map((id) => journal.append(queued(id))))
    journal.working(['a', 'b', 'c'])
    await journal.append({ step: 'started', id: 'a', size: 1, at: Date.now() })
    await journal.append({ step: 'sent', id: 'b', at: Date.now() })
    await journal.batchEnded(['a', 'b', 'c'])
    expect(journal.byId('c')).toMatchObject({
      status: 'failed',
      outcome: 'not sent: it never started',
    })
    expect(journal.unfinished('p1').map((row) => [row.id, row.status])).toEqual([['a', 'started']])
  })

  it('sees a step appended just before a read, as if each committed at once', () => {
    const journal = new SendJournal(MailroomStore.open(':memory:'))
    void journal.append(queued('a'))
    expect(journal.byId('a')?.status).toBe('queued')
  })

  it('forgets ended uploads after a week', async () => {
    let now = Date.now()
    const journal = new SendJournal(MailroomStore.open(':memory:'), () => now)
    await journal.append(queued('a'))
    await journal.append({ step: 'sent', id: 'a', at: now })
    now += 8 * 24 * 60 * 60 * 1000
    await journal.append(queued('b'))
    expect(journal.byId('a')).toBeUndefined()
    expect(journal.byId('b')).toBeDefined()
  })
})
