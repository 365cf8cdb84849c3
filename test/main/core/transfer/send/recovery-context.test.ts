import { describe, expect, it } from 'vitest'
import {
  CLOCK_TOLERANCE_MS,
  writtenByMailroom,
} from '../../../../../src/main/core/transfer/send/recovery-context'
import type { SendUploadRow } from '../../../../../src/main/core/store/send-uploads-table'

const NOW = Date.UTC(2026, 10, 23, 10, 0, 0)
const row = (extra: Partial<SendUploadRow> = {}): SendUploadRow => ({
  id: 'a',
  profileId: 'p',
  remotePath: 'out/a.xml',
  localPath: '/a.xml',
  size: 1000,
  strategy: 'temp-rename',
  queuedAt: NOW - 60_000,
  startedAt: NOW - 50_000,
  status: 'started',
  ...extra,
})
const file = (size: number, modifiedAt: number) => ({ kind: 'file' as const, size, modifiedAt })

describe('writtenByMailroom', () => {
  it('takes a file being written as ours: no larger than what was sent, changed since it started', () => {
    expect(writtenByMailroom(file(0, NOW - 50_000), row(), NOW)).toBe(true)
    expect(writtenByMailroom(file(1000, NOW), row(), NOW)).toBe(true)
    expect(writtenByMailroom(file(1001, NOW), row(), NOW)).toBe(false)
    // A server's clock a few minutes off still counts; a file from before the upload does not.
    expect(writtenByMailroom(file(10, NOW - 50_000 - CLOCK_TOLERANCE_MS + 1000), row(), NOW)).toBe(
      true,
    )
    expect(writtenByMailroom(file(10, NOW - 50_000 - CLOCK_TOLERANCE_MS - 1000), row(), NOW)).toBe(
      false,
    )
    expect(writtenByMailroom(file(10, NOW + CLOCK_TOLERANCE_MS + 1000), row(), NOW)).toBe(false)
    expect(writtenByMailroom({ kind: 'directory', size: 0, modifiedAt: NOW }, row(), NOW)).toBe(
      false,
    )
  })

  it('takes a file written whole as ours only at exactly the size and time the server gave it', () => {
    const written = row({ status: 'written', serverModifiedAt: NOW - 40_000 })
    expect(writtenByMailroom(file(1000, NOW - 40_000), written, NOW)).toBe(true)
    expect(writtenByMailroom(file(1000, NOW - 39_000), written, NOW)).toBe(false)
    expect(writtenByMailroom(file(999, NOW - 40_000), written, NOW)).toBe(false)
  })
})
