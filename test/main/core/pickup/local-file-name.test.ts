import { describe, expect, it } from 'vitest'
import { numberedName, safeLocalName } from '../../../../src/main/core/pickup/local-file-name'

describe('safeLocalName', () => {
  it.each([
    ['invoice.pdf', 'invoice.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..', 'unnamed'],
    ['.', 'unnamed'],
    ['', 'unnamed'],
    ['/absolute/path.txt', '_absolute_path.txt'],
    ['..\\..\\Windows\\win.ini', '_.._Windows_win.ini'],
    ['C:\\evil.txt', 'C__evil.txt'],
    ['a\u0000b.txt', 'a_b.txt'],
    ['tab\there', 'tab_here'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['LPT1.edi', '_LPT1.edi'],
    ['COM9', '_COM9'],
    ['CONSOLE.txt', 'CONSOLE.txt'],
    ['report. ', 'report'],
    ['   .hidden', 'hidden'],
    ['what?<>|*".txt', 'what______.txt'],
  ])('%j becomes %j', (remote, local) => {
    expect(safeLocalName(remote)).toBe(local)
  })

  // Each would make the saved name read as something else in Explorer, Finder or a table.
  it.each([
    ['a right-to-left override', 'invoice\u202Efdp.exe', 'invoice_fdp.exe'],
    ['an isolate', 'invoice\u2067fdp.exe\u2069', 'invoice_fdp.exe_'],
    ['an embedding', 'invoice\u202Bfdp\u202C.exe', 'invoice_fdp_.exe'],
    ['a right-to-left mark', '\u200Finvoice.pdf', '_invoice.pdf'],
    ['an Arabic letter mark', 'invoice\u061C.pdf', 'invoice_.pdf'],
    ['a zero-width space', 'inv\u200Boice.pdf', 'inv_oice.pdf'],
    ['a zero-width joiner', 'invoice\u200D.pdf', 'invoice_.pdf'],
    ['a byte order mark', '\uFEFFinvoice.pdf', '_invoice.pdf'],
    ['a C1 control', 'invoice\u0085.pdf', 'invoice_.pdf'],
    ['the last C1 control', 'invoice\u009F.pdf', 'invoice_.pdf'],
  ])('replaces %s', (_, remote, local) => {
    expect(safeLocalName(remote)).toBe(local)
  })

  it('keeps letters of right-to-left scripts, which are text, not controls', () => {
    expect(safeLocalName('חשבונית.pdf')).toBe('חשבונית.pdf')
    expect(safeLocalName('فاتورة.pdf')).toBe('فاتورة.pdf')
  })

  it('shortens overlong names to 200 bytes, keeping the extension and whole characters', () => {
    const name = safeLocalName(`${'ä'.repeat(300)}.xml`)
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200)
    expect(name.endsWith('.xml')).toBe(true)
    expect(name).not.toContain('\uFFFD')
  })
})

describe('numberedName', () => {
  it('numbers before the extension', () => {
    expect(numberedName('invoice.pdf', 2)).toBe('invoice (2).pdf')
    expect(numberedName('README', 3)).toBe('README (3)')
    expect(numberedName('.profile', 2)).toBe('.profile (2)')
  })
})
