import { describe, expect, it } from 'vitest'
import { checkMessageLimits, messageLimitsOf } from '../../../../src/main/core/mailbox/as2-message'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import { SentLog, withSuffix } from '../../../../src/main/core/transfer/sent-log'
import { PRESETS } from '../../../../src/shared/presets'
import { resolveUploadStrategy } from '../../../../src/main/core/transfer/upload-strategy'

describe('resolveUploadStrategy', () => {
  it.each([
    ['mft-gateway', 'direct'],
    ['amili', 'direct'],
    ['as2-gateway', 'temp-rename'],
    ['generic', 'temp-rename'],
  ] as const)('%s uploads %s by default', (preset, strategy) => {
    expect(resolveUploadStrategy({ preset, uploadStrategy: 'auto' })).toBe(strategy)
  })

  it('follows the profile when it overrides the preset', () => {
    expect(resolveUploadStrategy({ preset: 'mft-gateway', uploadStrategy: 'temp-rename' })).toBe(
      'temp-rename',
    )
    expect(resolveUploadStrategy({ preset: 'generic', uploadStrategy: 'direct' })).toBe('direct')
  })
})

describe('checkMessageLimits', () => {
  const file = (size: number, index = 0) => ({ localPath: `/f${index}`, name: `f${index}`, size })
  const as2 = PRESETS['as2-gateway']
  const check = (files: ReturnType<typeof file>[]) =>
    checkMessageLimits(files, messageLimitsOf(as2), as2.label)
  it('takes 10 files of 10 MB in all, and refuses more (AS2 Gateway)', () => {
    expect(() =>
      check(Array.from({ length: 10 }, (_, index) => file(1_000_000, index))),
    ).not.toThrow()
    expect(() => check(Array.from({ length: 11 }, (_, index) => file(1, index)))).toThrow(
      /One AS2 Gateway message holds at most 10 files; these are 11/,
    )
    expect(() => check([file(6_000_000, 1), file(4_000_001, 2)])).toThrow(
      /at most 10 MB; these files are 10.0 MB/,
    )
  })

  it('refuses a message of several files where the gateway takes none, saying what to do', () => {
    expect(() => messageLimitsOf(PRESETS['mft-gateway'])).toThrow(
      /MFT Gateway does not take several files as one message. Zip them into one archive/,
    )
    expect(() => messageLimitsOf(PRESETS.amili)).toThrow(/Amili .* Send them separately/)
  })
})

describe('SentLog', () => {
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
    expect(log.recent('p1', 'AS2/send/A/C', ['INVOICE.xml'], window, start + 1000)).toEqual([])
    expect(log.recent('p2', 'AS2/send/A/B', ['INVOICE.xml'], window, start + 1000)).toEqual([])
  })

  it('suggests a suffix that was not itself sent', () => {
    const now = Date.UTC(2026, 10, 23, 3, 15, 0)
    expect(withSuffix('a.xml', now, new Set())).toBe('a-20261123-031500.xml')
    expect(withSuffix('a.xml', now, new Set(['a-20261123-031500.xml']))).toBe(
      'a-20261123-031500-2.xml',
    )
    expect(withSuffix('README', now, new Set())).toBe('README-20261123-031500')
  })
})
