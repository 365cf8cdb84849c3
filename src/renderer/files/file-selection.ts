/**
 * What a click or a key does to the Files grid's selection and focus, apart from React, so the
 * rules of the WAI-ARIA grid pattern (and of every file manager) are tested on their own:
 * click selects one, Ctrl/Cmd+click adds or removes, Shift+click or Shift+arrow/Home/End
 * selects the range from the anchor, Ctrl/Cmd+A selects every row shown, Space toggles.
 */

export interface GridSelection<Id> {
  readonly selected: ReadonlySet<Id>
  /** Where a range starts: the row last clicked or toggled. */
  readonly anchor: Id | undefined
}

export interface ClickModifiers {
  readonly shiftKey: boolean
  readonly ctrlKey: boolean
  readonly metaKey: boolean
}

/** The rows from the anchor to `target`, inclusive, in display order. */
function range<Id>(rows: readonly Id[], anchor: Id | undefined, target: Id): Set<Id> {
  const from = anchor === undefined ? -1 : rows.indexOf(anchor)
  const to = rows.indexOf(target)
  if (to < 0) return new Set()
  if (from < 0) return new Set([target])
  const [start, end] = from < to ? [from, to] : [to, from]
  return new Set(rows.slice(start, end + 1))
}

/** A click (or Space, as a Ctrl+click) on a row. */
export function clickRow<Id>(
  rows: readonly Id[],
  current: GridSelection<Id>,
  target: Id,
  modifiers: ClickModifiers,
): GridSelection<Id> {
  if (modifiers.shiftKey && current.anchor !== undefined && rows.includes(current.anchor))
    return { selected: range(rows, current.anchor, target), anchor: current.anchor }
  if (modifiers.ctrlKey || modifiers.metaKey) {
    const selected = new Set(current.selected)
    if (selected.has(target)) selected.delete(target)
    else selected.add(target)
    return { selected, anchor: target }
  }
  return { selected: new Set([target]), anchor: target }
}

export interface GridKey {
  readonly key: string
  readonly shiftKey: boolean
  readonly ctrlKey: boolean
  readonly metaKey: boolean
}

/** What a key pressed on a row does: where focus goes and what becomes selected. */
export type GridKeyResult<Id> =
  | { readonly kind: 'move'; readonly focus: number; readonly selection?: GridSelection<Id> }
  | { readonly kind: 'select'; readonly selection: GridSelection<Id> }
  | { readonly kind: 'activate' }
  | { readonly kind: 'none' }

/** `index`: the focused row's place in `rows` (the rows shown, filtered and sorted). */
export function pressKey<Id>(
  rows: readonly Id[],
  current: GridSelection<Id>,
  index: number,
  key: GridKey,
): GridKeyResult<Id> {
  const focused = rows[index]
  if (focused === undefined) return { kind: 'none' }
  const command = key.ctrlKey || key.metaKey
  if (command && key.key.toLowerCase() === 'a')
    return { kind: 'select', selection: { selected: new Set(rows), anchor: current.anchor } }
  const targets: Record<string, number> = {
    ArrowDown: index + 1,
    ArrowUp: index - 1,
    Home: 0,
    End: rows.length - 1,
  }
  const target = targets[key.key]
  if (target !== undefined) {
    const moved = rows[target]
    if (moved === undefined) return { kind: 'none' }
    if (!key.shiftKey) return { kind: 'move', focus: target }
    // A range starts where the keyboard started if nothing was clicked before.
    const anchor =
      current.anchor !== undefined && rows.includes(current.anchor) ? current.anchor : focused
    return {
      kind: 'move',
      focus: target,
      selection: { selected: range(rows, anchor, moved), anchor },
    }
  }
  if (key.key === ' ' && !command)
    return {
      kind: 'select',
      selection: clickRow(rows, current, focused, {
        shiftKey: false,
        ctrlKey: true,
        metaKey: false,
      }),
    }
  if (key.key === 'Enter') return { kind: 'activate' }
  return { kind: 'none' }
}
