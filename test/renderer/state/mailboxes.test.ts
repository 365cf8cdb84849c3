import { describe, expect, it } from 'vitest'
import type { MailboxLayout } from '../../../src/shared/domain'
import {
  browsesFolders,
  initialMailboxes,
  mailboxesReducer,
} from '../../../src/renderer/state/mailboxes'

const layout = (groups: number, problems: readonly string[] = []): MailboxLayout => ({
  preset: 'generic',
  groups: Array.from({ length: groups }, (_, index) => ({
    station: '',
    partner: `partner ${index}`,
    test: false,
    mailboxes: [],
  })),
  problems: [...problems],
})

describe('mailboxes state', () => {
  it('keeps the layout discovered last', () => {
    const discovered = mailboxesReducer(initialMailboxes, {
      type: 'layout-discovered',
      layout: layout(1),
    })
    const again = mailboxesReducer(discovered, { type: 'layout-discovered', layout: layout(2) })
    expect(again.layout?.groups).toHaveLength(2)
  })

  it('browses the server only when the layout has no mailboxes and no problem', () => {
    expect(browsesFolders(initialMailboxes)).toBe(false)
    expect(browsesFolders({ layout: layout(0) })).toBe(true)
    expect(browsesFolders({ layout: layout(1) })).toBe(false)
    expect(browsesFolders({ layout: layout(0, ['No as2gateway folder.']) })).toBe(false)
  })
})
