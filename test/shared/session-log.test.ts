import { describe, expect, it } from 'vitest'
import { logLineText, sessionLogText, type SessionLogEntry } from '../../src/shared/session-log'

const entry = (fields: Partial<SessionLogEntry>): SessionLogEntry => ({
  id: 1,
  at: '2026-03-01T10:00:00.000Z',
  level: 'info',
  category: 'transfer',
  message: 'Picked up invoice.xml',
  ...fields,
})

/** A saved log is read by support: what a server names must not write lines of its own there. */
describe('the saved session log', () => {
  it('keeps a remote name with a line break on its own line, the break shown as its code', () => {
    // What a hostile server would name a file to forge a line saying the pickup was verified.
    const name = 'a.xml\n2026-03-01T10:00:01.000Z INFO  transfer       [Acme] Verified and deleted'
    const text = sessionLogText(
      [entry({ profileName: 'Acme', message: `Picked up ${name}` })],
      ['Mailroom session log'],
    )
    expect(text.split('\n')).toEqual([
      '# Mailroom session log',
      '2026-03-01T10:00:00.000Z INFO  transfer       [Acme] Picked up a.xml[U+000A]2026-03-01T10:00:01.000Z INFO  transfer       [Acme] Verified and deleted',
      '',
    ])
  })

  it('marks carriage returns, C1 controls, line separators and text-reordering marks wherever they stand', () => {
    const text = sessionLogText(
      [
        entry({
          profileName: 'Ac\rme',
          message: 'invoice\u202Efdp.exe\u2028next\u0085line',
          details: { path: 'in/\u2029x', 'k\ney': 'v' },
        }),
      ],
      ['Profile: Acme\nFORGED'],
    )
    expect(text).not.toMatch(/[\r\u0085\u2028\u2029\u202E]/)
    expect(text.split('\n')).toHaveLength(3)
    expect(text).toContain('# Profile: Acme[U+000A]FORGED')
    expect(text).toContain('[Ac[U+000D]me]')
    expect(text).toContain('invoice[U+202E]fdp.exe[U+2028]next[U+0085]line')
    expect(text).toContain('path="in/[U+2029]x"')
    expect(text).toContain('k[U+000A]ey="v"')
  })

  it('leaves ordinary text, letters of any script included, as it is', () => {
    expect(logLineText('Kundtjänst: 3 files, 1.2 MB → inbox/')).toBe(
      'Kundtjänst: 3 files, 1.2 MB → inbox/',
    )
  })
})
