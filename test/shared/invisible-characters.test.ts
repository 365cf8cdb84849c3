import { describe, expect, it } from 'vitest'
import {
  codePointLabel,
  hasInvisibleCharacters,
  nameParts,
  readableName,
  replaceInvisibleCharacters,
} from '../../src/shared/invisible-characters'

// One of each kind the set is for, by what it does to a name.
const HIDING = [
  ['a right-to-left override', '\u202E'],
  ['a left-to-right embedding', '\u202A'],
  ['a pop of an embedding', '\u202C'],
  ['a right-to-left isolate', '\u2067'],
  ['a first-strong isolate', '\u2068'],
  ['a pop of an isolate', '\u2069'],
  ['a left-to-right mark', '\u200E'],
  ['a right-to-left mark', '\u200F'],
  ['an Arabic letter mark', '\u061C'],
  ['a zero-width space', '\u200B'],
  ['a zero-width non-joiner', '\u200C'],
  ['a zero-width joiner', '\u200D'],
  ['a byte order mark', '\uFEFF'],
  ['a word joiner', '\u2060'],
  ['a soft hyphen', '\u00AD'],
  ['a paragraph separator', '\u2029'],
  ['the first C1 control', '\u0080'],
  ['a next-line control', '\u0085'],
  ['the last C1 control', '\u009F'],
  ['a C0 control', '\u0007'],
  ['DEL', '\u007F'],
] as const

describe('invisible characters', () => {
  it.each(HIDING)('counts %s', (_, character) => {
    expect(hasInvisibleCharacters(`invoice${character}fdp.exe`)).toBe(true)
    expect(replaceInvisibleCharacters(`invoice${character}fdp.exe`, '_')).toBe('invoice_fdp.exe')
  })

  it.each([
    ['plain text', 'ORDERS_20261123.edi'],
    ['letters beyond Latin-1', 'Rechnung-Müller-ÄÖÜ.pdf'],
    ['Hebrew, whose letters run right to left of themselves', 'חשבונית.pdf'],
    ['Arabic', 'فاتورة.pdf'],
    ['an emoji', 'receipt-🧾.pdf'],
    ['the character after the C1 controls', '\u00A0nbsp.txt'],
  ])('leaves %s alone', (_, name) => {
    expect(hasInvisibleCharacters(name)).toBe(false)
    expect(nameParts(name)).toEqual([{ kind: 'text', text: name }])
    expect(readableName(name)).toBe(name)
  })

  it('splits a name into its text and the codes of what hides in it', () => {
    expect(nameParts('invoice\u202Efdp.exe')).toEqual([
      { kind: 'text', text: 'invoice' },
      { kind: 'code', character: '\u202E', code: 'U+202E' },
      { kind: 'text', text: 'fdp.exe' },
    ])
    expect(nameParts('\uFEFF\u200Bx\u0085')).toEqual([
      { kind: 'code', character: '\uFEFF', code: 'U+FEFF' },
      { kind: 'code', character: '\u200B', code: 'U+200B' },
      { kind: 'text', text: 'x' },
      { kind: 'code', character: '\u0085', code: 'U+0085' },
    ])
    expect(nameParts('')).toEqual([])
  })

  it('reads a name as plain text that nothing can reorder', () => {
    expect(readableName('invoice\u202Efdp.exe')).toBe('invoice U+202E fdp.exe')
    expect(readableName('pickup/order\u2066txt.exe\u2069.edi')).toBe(
      'pickup/order U+2066 txt.exe U+2069 .edi',
    )
    expect(readableName('\u200Freport  final.pdf')).toBe('U+200F report  final.pdf')
    expect(hasInvisibleCharacters(readableName('a\u202Eb\u200Bc\u0085'))).toBe(false)
  })

  it('writes a code point as Unicode does', () => {
    expect(codePointLabel('\u0085')).toBe('U+0085')
    expect(codePointLabel('\uFEFF')).toBe('U+FEFF')
    expect(codePointLabel('🧾')).toBe('U+1F9FE')
  })
})
