import { describe, expect, it } from 'vitest'
import { entryTime, filterEntries } from '../../../src/renderer/session-log/session-log-filter'
import type { SessionLogEntry } from '../../../src/shared/session-log'

const entry = (id: number, level: SessionLogEntry['level'], message: string, extra = {}) =>
  ({
    id,
    at: '2026-03-12T14:03:07.000Z',
    level,
    category: 'transfer',
    message,
    ...extra,
  }) as SessionLogEntry

const entries = [
  entry(1, 'info', 'Picked up invoice.edi'),
  entry(2, 'warn', 'Connection lost', { profileName: 'Demo Amili' }),
  entry(3, 'error', 'Sending orders.xml failed', { details: { kind: 'permission-denied' } }),
]

describe('filterEntries', () => {
  it('keeps everything unfiltered, in order', () => {
    expect(filterEntries(entries, 'all', '  ')).toBe(entries)
  })

  it('shows warnings and errors, or errors only', () => {
    expect(filterEntries(entries, 'warn', '').map((shown) => shown.id)).toEqual([2, 3])
    expect(filterEntries(entries, 'error', '').map((shown) => shown.id)).toEqual([3])
  })

  it('finds text in the message, the profile and the details, ignoring case', () => {
    expect(filterEntries(entries, 'all', 'INVOICE').map((shown) => shown.id)).toEqual([1])
    expect(filterEntries(entries, 'all', 'amili').map((shown) => shown.id)).toEqual([2])
    expect(filterEntries(entries, 'all', 'permission').map((shown) => shown.id)).toEqual([3])
    expect(filterEntries(entries, 'warn', 'picked')).toEqual([])
  })
})

describe('entryTime', () => {
  it('shows the time alone today and the day too before', () => {
    const at = new Date(2026, 2, 12, 14, 3, 7).toISOString()
    expect(entryTime(at, new Date(2026, 2, 12, 18, 0, 0))).toBe('14:03:07')
    expect(entryTime(at, new Date(2026, 2, 13, 9, 0, 0))).toBe('12 Mar 14:03:07')
  })
})
