import { describe, expect, it } from 'vitest'
import {
  clickRow,
  pressKey,
  type GridKey,
  type GridSelection,
} from '../../../src/renderer/files/file-selection'

const rows = ['a', 'b', 'c', 'd', 'e'] as const
const none: GridSelection<string> = { selected: new Set(), anchor: undefined }
const plain = { shiftKey: false, ctrlKey: false, metaKey: false }
const key = (name: string, modifiers: Partial<GridKey> = {}): GridKey => ({
  key: name,
  ...plain,
  ...modifiers,
})
const selectedOf = (selection: GridSelection<string> | undefined) => [
  ...(selection?.selected ?? []),
]

describe('clickRow', () => {
  it('selects the clicked row alone and makes it the anchor', () => {
    const next = clickRow(rows, { selected: new Set(['a', 'b']), anchor: 'a' }, 'd', plain)
    expect(selectedOf(next)).toEqual(['d'])
    expect(next.anchor).toBe('d')
  })

  it('adds and removes with Ctrl or Cmd', () => {
    const added = clickRow(rows, { selected: new Set(['a']), anchor: 'a' }, 'c', {
      ...plain,
      metaKey: true,
    })
    expect(selectedOf(added)).toEqual(['a', 'c'])
    const removed = clickRow(rows, added, 'a', { ...plain, ctrlKey: true })
    expect(selectedOf(removed)).toEqual(['c'])
  })

  it('selects the range from the anchor with Shift, either way, keeping the anchor', () => {
    const down = clickRow(rows, { selected: new Set(['b']), anchor: 'b' }, 'd', {
      ...plain,
      shiftKey: true,
    })
    expect(selectedOf(down)).toEqual(['b', 'c', 'd'])
    const up = clickRow(rows, down, 'a', { ...plain, shiftKey: true })
    expect(selectedOf(up)).toEqual(['a', 'b'])
    expect(up.anchor).toBe('b')
  })

  it('treats Shift+click as a plain click when the anchor was filtered away', () => {
    const next = clickRow(rows, { selected: new Set(['z']), anchor: 'z' }, 'c', {
      ...plain,
      shiftKey: true,
    })
    expect(selectedOf(next)).toEqual(['c'])
  })
})

describe('pressKey', () => {
  it('selects every row shown with Ctrl+A or Cmd+A', () => {
    for (const modifiers of [{ ctrlKey: true }, { metaKey: true }]) {
      const result = pressKey(rows, none, 2, key('a', modifiers))
      expect(result.kind).toBe('select')
      expect(result.kind === 'select' && selectedOf(result.selection)).toEqual([...rows])
    }
    // A plain "a" is typed, not taken.
    expect(pressKey(rows, none, 2, key('a')).kind).toBe('none')
  })

  it('moves focus to the first and last row with Home and End, selection untouched', () => {
    expect(pressKey(rows, none, 2, key('Home'))).toEqual({ kind: 'move', focus: 0 })
    expect(pressKey(rows, none, 2, key('End'))).toEqual({ kind: 'move', focus: 4 })
    expect(pressKey(rows, none, 2, key('ArrowDown'))).toEqual({ kind: 'move', focus: 3 })
    expect(pressKey(rows, none, 0, key('ArrowUp')).kind).toBe('none')
    expect(pressKey(rows, none, 4, key('ArrowDown')).kind).toBe('none')
  })

  it('extends the selection from the anchor with Shift+Home and Shift+End', () => {
    const current = { selected: new Set(['c']), anchor: 'c' }
    const toEnd = pressKey(rows, current, 2, key('End', { shiftKey: true }))
    expect(toEnd.kind === 'move' && toEnd.focus).toBe(4)
    expect(toEnd.kind === 'move' && selectedOf(toEnd.selection)).toEqual(['c', 'd', 'e'])
    const toHome = pressKey(rows, current, 4, key('Home', { shiftKey: true }))
    expect(toHome.kind === 'move' && selectedOf(toHome.selection)).toEqual(['a', 'b', 'c'])
    expect(toHome.kind === 'move' && toHome.selection?.anchor).toBe('c')
  })

  it('starts a Shift range at the focused row when nothing was clicked', () => {
    const result = pressKey(rows, none, 1, key('ArrowDown', { shiftKey: true }))
    expect(result.kind === 'move' && selectedOf(result.selection)).toEqual(['b', 'c'])
  })

  it('toggles the focused row with Space and activates it with Enter', () => {
    const on = pressKey(rows, { selected: new Set(['a']), anchor: 'a' }, 3, key(' '))
    expect(on.kind === 'select' && selectedOf(on.selection)).toEqual(['a', 'd'])
    const off = pressKey(rows, { selected: new Set(['a', 'd']), anchor: 'a' }, 3, key(' '))
    expect(off.kind === 'select' && selectedOf(off.selection)).toEqual(['a'])
    expect(pressKey(rows, none, 3, key('Enter'))).toEqual({ kind: 'activate' })
  })

  it('does nothing on an empty list', () => {
    expect(pressKey([], none, 0, key('End')).kind).toBe('none')
    expect(pressKey([], none, 0, key('a', { ctrlKey: true })).kind).toBe('none')
  })
})
