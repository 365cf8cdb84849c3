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
