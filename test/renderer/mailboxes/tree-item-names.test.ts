import { describe, expect, it } from 'vitest'
import {
  mailboxName,
  partnerName,
  stationName,
} from '../../../src/renderer/mailboxes/tree-item-names'
import type { Mailbox, MailboxGroup } from '../../../src/shared/domain'
import { remotePath } from '../../../src/shared/remote-path'

const box = (role: Mailbox['role'], label: string, fileCount: number | null): Mailbox => ({
  path: remotePath.parse(`as2gateway/RJ_ONE/BigRetailer/${label}`),
  role,
  label,
  fileCount,
})
const group = (mailboxes: Mailbox[], test = false): MailboxGroup => ({
  station: 'RJ_ONE',
  partner: 'BigRetailer',
  test,
  mailboxes,
})

/** The words axe compares (its label-in-name rule): lower case, parenthesised text left out. */
const words = (text: string) =>
  text
    .replace(/\([^()]*\)/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean)
const holdsInOrder = (name: string, shown: string) =>
  words(name).join(' ').includes(words(shown).join(' '))

describe('tree item names', () => {
  it('names a test partner with its tag and waiting count, as shown', () => {
    const name = partnerName(group([box('receive', 'inbox', 3), box('send', 'outbox', null)], true))
    expect(name).toBe('BigRetailer test, 3 waiting')
    expect(holdsInOrder(name, 'BigRetailer TEST 3')).toBe(true)
  })

  it('says a partner has failed files when its badge shows the warning', () => {
    expect(partnerName(group([box('receive', 'inbox', 3), box('failed', 'failed', 1)]))).toBe(
      'BigRetailer, has failed files',
    )
    expect(partnerName(group([box('receive', 'inbox', 0)]))).toBe('BigRetailer')
  })

  it('names each mailbox with the count on its badge and what it counts', () => {
    expect(mailboxName(box('receive', 'inbox', 2))).toBe('inbox, 2 waiting')
    expect(mailboxName(box('failed', 'failed', 1))).toBe('failed, 1 failed')
    expect(mailboxName(box('duplicate', 'duplicate', 1))).toBe('duplicate, 1 file')
    expect(mailboxName(box('duplicate', 'duplicate', 4))).toBe('duplicate, 4 files')
    expect(mailboxName(box('receive', 'inbox', 0))).toBe('inbox')
    expect(mailboxName(box('send', 'outbox', 7))).toBe('outbox')
  })

  it('names a mailbox that could not be read with the word on its badge, not in parentheses', () => {
    const missing: Mailbox = {
      ...box('receive', 'inbox', null),
      error: { kind: 'not-found', message: 'No such folder' },
    }
    expect(mailboxName(missing)).toBe('inbox, missing')
    expect(holdsInOrder(mailboxName(missing), 'inbox missing')).toBe(true)
  })

  it('holds a station name as shown', () => {
    expect(holdsInOrder(stationName('RJ_ONE'), 'RJ_ONE')).toBe(true)
  })
})
