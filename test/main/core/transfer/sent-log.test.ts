import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import { SentLog, withSuffix } from '../../../../src/main/core/transfer/sent-log'
import { PRESETS } from '../../../../src/shared/presets'

const HOUR = 60 * 60 * 1000
// MFT Gateway's duplicate window (shared/presets.ts).
const WINDOW = 6 * HOUR

describe('SentLog', () => {
  const dirs: string[] = []
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-sent-log-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('warns about a name sent to the same folder within 6 hours, not after, not elsewhere', () => {
    const log = new SentLog(MailroomStore.open(':memory:'))
    const start = Date.UTC(2026, 10, 23, 3, 15, 0)
    log.record('p1', 'AS2/send/A/B', 'INVOICE.xml', start)
    const window = PRESETS['mft-gateway'].duplicateWindowMs ?? 0
    expect(window).toBe(6 * 60 * 60 * 1000)
    expect(log.recent('p1', 'AS2/send/A/B', ['INVOICE.xml'], window, start + window - 1)).toEqual([
      { name: 'INVOICE.xml', sentAt: start, suggestion: 'INVOICE-20261123-091459.xml' },
    ])
    expect(log.recent('p1', 'AS2/send/A/B', ['INVOICE.xml'], window, start + window)).toEqual([])
    expect(log.recent('p1', 'AS2/send/A/B', ['INVOICE.xml'], window, start + 1000)).toHaveLength(1)
    expect(log.recent('p1', 'AS2/send/A/C', ['INVOICE.xml'], window, start + 1000)).toEqual([])
    expect(log.recent('p2', 'AS2/send/A/B', ['INVOICE.xml'], window, start + 1000)).toEqual([])
  })

  it('answers for the names asked about, with the latest send of each, and a suggestion not sent either', () => {
    const log = new SentLog(MailroomStore.open(':memory:'))
    const now = Date.UTC(2026, 10, 23, 3, 15, 0)
    log.record('p1', 'in', 'a.xml', now - 3 * HOUR)
    log.record('p1', 'in', 'a.xml', now - HOUR)
    log.record('p1', 'in', 'b.xml', now - 2 * HOUR)
    log.record('p1', 'in', 'a-20261123-031500.xml', now - 2 * HOUR)
    expect(log.recent('p1', 'in', ['b.xml', 'c.xml', 'a.xml'], WINDOW, now)).toEqual([
      { name: 'b.xml', sentAt: now - 2 * HOUR, suggestion: 'b-20261123-031500.xml' },
      { name: 'a.xml', sentAt: now - HOUR, suggestion: 'a-20261123-031500-2.xml' },
    ])
  })

  it('looks up an encrypting mailbox’s names as sent (name.pgp), suggesting a plain name free once it gains .pgp', () => {
    const log = new SentLog(MailroomStore.open(':memory:'))
    const now = Date.UTC(2026, 10, 23, 3, 15, 0)
    log.record('p1', 'in', 'a.xml.pgp', now - HOUR)
    log.record('p1', 'in', 'a-20261123-031500.xml.pgp', now - HOUR)
    // Sent unencrypted before: not the name the gateway sees now.
    log.record('p1', 'in', 'b.xml', now - HOUR)
    expect(log.recent('p1', 'in', ['a.xml', 'b.xml'], WINDOW, now, '.pgp')).toEqual([
      { name: 'a.xml', sentAt: now - HOUR, suggestion: 'a-20261123-031500-2.xml' },
    ])
    expect(log.recent('p1', 'in', ['a.xml'], WINDOW, now)).toEqual([])
  })

  it('names every name sent to a folder within a window, so a new name can avoid them all', () => {
    const log = new SentLog(MailroomStore.open(':memory:'))
    const start = Date.UTC(2026, 10, 23, 3, 15, 0)
    log.record('p1', 'out', 'old.xml', start - WINDOW)
    log.record('p1', 'out', 'a.xml', start - HOUR)
    log.record('p1', 'out', 'b.xml', start)
    log.record('p1', 'elsewhere', 'c.xml', start)
    expect([...log.namesSince('p1', 'out', WINDOW, start)].sort()).toEqual(['a.xml', 'b.xml'])
  })

  it('suggests a suffix that was not itself sent', () => {
    const now = Date.UTC(2026, 10, 23, 3, 15, 0)
    expect(withSuffix('a.xml', now, new Set())).toBe('a-20261123-031500.xml')
    expect(withSuffix('a.xml', now, new Set(['a-20261123-031500.xml']))).toBe(
      'a-20261123-031500-2.xml',
    )
    expect(
      withSuffix('a.xml', now, new Set(['a-20261123-031500.xml', 'a-20261123-031500-2.xml'])),
    ).toBe('a-20261123-031500-3.xml')
    expect(withSuffix('README', now, new Set())).toBe('README-20261123-031500')
    // A leading dot names a hidden file, not an extension; the last dot marks the extension.
    expect(withSuffix('.profile', now, new Set())).toBe('.profile-20261123-031500')
    expect(withSuffix('orders.tar.gz', now, new Set())).toBe('orders.tar-20261123-031500.gz')
  })

  it('keeps what was recorded across a restart, and forgets sends older than 7 days', () => {
    const path = join(dataDir(), 'mailroom.db')
    const now = Date.now()
    const first = MailroomStore.open(path)
    new SentLog(first).record('p', 'in', 'old.xml', now - 8 * 24 * HOUR)
    new SentLog(first).record('p', 'in', 'new.xml', now - HOUR)
    first.close()
    const second = MailroomStore.open(path)
    expect(second.sentFiles.size()).toBe(1)
    expect(new SentLog(second).recent('p', 'in', ['new.xml'], WINDOW, now)).toHaveLength(1)
    second.close()
  })

  // A timing here failed on a busy machine; what keeps a send's bookkeeping fast with a week of
  // sends is that its duplicate check is answered from the index, not by a scan.
  it("answers a send's duplicate check from an index, with 100,000 sends in the log", () => {
    const path = join(dataDir(), 'mailroom.db')
    const store = MailroomStore.open(path)
    const now = Date.now()
    store.sentFiles.record(
      Array.from({ length: 100_000 }, (_, index) => ({
        profileId: `p${index % 10}`,
        folder: `AS2/send/S/P${index % 50}`,
        name: `INVOICE-${index}.xml`,
        sentAt: now - (index % 6000) * 60_000,
      })),
      now - 7 * 24 * HOUR,
    )
    expect(store.sentFiles.size()).toBe(100_000)
    const log = new SentLog(store)
    log.record('p3', 'AS2/send/S/P3', 'NEW-0.xml', now)
    expect(log.recent('p3', 'AS2/send/S/P3', ['NEW-0.xml'], WINDOW, now + WINDOW - 1)).toHaveLength(
      1,
    )
    expect(log.recent('p3', 'AS2/send/S/P3', ['NEW-0.xml'], WINDOW, now + WINDOW + 1)).toEqual([])
    const db = new DatabaseSync(path, { readOnly: true })
    // The query of sent-files-table.ts, as SQLite plans it.
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT name, MAX(sent_at) AS sent_at FROM sent_files
         WHERE profile_id = ? AND folder = ? AND sent_at >= ? GROUP BY name`,
      )
      .all('p3', 'AS2/send/S/P3', now) as Array<{ detail: string }>
    db.close()
    expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX sent_files_by_folder')
    store.close()
  })
})
