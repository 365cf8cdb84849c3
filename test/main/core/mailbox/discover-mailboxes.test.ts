import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { discoverMailboxes } from '../../../../src/main/core/mailbox/discover-mailboxes'
import type { MailboxLayout, RemoteEntry } from '../../../../src/shared/domain'
import type { PresetId } from '../../../../src/shared/presets'
import { remotePath, type RemotePath } from '../../../../src/shared/remote-path'

/**
 * A server as a list of paths: "a/b/" is a folder, "a/b" a file; every parent folder exists.
 * Listing a path in `denied` fails as the session reports a permission error; listing a path
 * that is not there fails as a missing folder. The folders listed are counted.
 */
function server(paths: readonly string[], denied: readonly string[] = []) {
  const folders = new Map<string, Map<string, RemoteEntry['kind']>>([['', new Map()]])
  for (const path of paths) {
    const parts = path.replace(/\/$/, '').split('/')
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const parent = parts.slice(0, depth - 1).join('/')
      const name = parts[depth - 1] ?? ''
      const isFile = depth === parts.length && !path.endsWith('/')
      if (!folders.has(parent)) folders.set(parent, new Map())
      folders.get(parent)?.set(name, isFile ? 'file' : 'directory')
      if (!isFile && !folders.has(parts.slice(0, depth).join('/')))
        folders.set(parts.slice(0, depth).join('/'), new Map())
    }
  }
  const listed: string[] = []
  const list = async (folder: RemotePath): Promise<RemoteEntry[]> => {
    listed.push(folder)
    if (denied.includes(folder))
      throw new MailroomError('permission-denied', `Could not list "${folder}": denied.`)
    const entries = folders.get(folder)
    if (!entries)
      throw new MailroomError('not-found', `Could not list "${folder}": it does not exist.`)
    return [...entries].map(([name, kind]) => ({
      name,
      path: remotePath.parse(folder ? `${folder}/${name}` : name),
      kind,
      size: 1,
      modifiedAt: 0,
    }))
  }
  return { session: { list }, listed }
}

const profile = (
  preset: PresetId,
  folders: { send?: string[]; receive?: string[] } = {},
): Parameters<typeof discoverMailboxes>[1] => ({
  preset,
  name: 'Partner Oy',
  sendFolders: (folders.send ?? []).map((folder) => remotePath.parse(folder)),
  receiveFolders: (folders.receive ?? []).map((folder) => remotePath.parse(folder)),
})

/** Each group as "station/partner (test)" with its mailboxes as "label role count". */
const summary = (layout: MailboxLayout) =>
  layout.groups.map((group) => [
    `${group.station}/${group.partner}${group.test ? ' (test)' : ''}`,
    group.mailboxes.map(
      (mailbox) =>
        `${mailbox.label} ${mailbox.role} ${mailbox.fileCount ?? mailbox.error?.kind ?? '?'}`,
    ),
  ])

describe('discoverMailboxes: Amili', () => {
  it('sends to input and receives from pickup, counting the files waiting', async () => {
    const { session } = server(['input/', 'pickup/a.txt', 'pickup/b.txt', 'pickup/old/'])
    const layout = await discoverMailboxes(session, profile('amili'))
    expect(layout).toMatchObject({ preset: 'amili', problems: [] })
    expect(summary(layout)).toEqual([['/Amili', ['input send 0', 'pickup receive 2']]])
  })

  it('shows a missing folder as a mailbox with its error, not as a failed discovery', async () => {
    const { session } = server(['pickup/a.txt'])
    const layout = await discoverMailboxes(session, profile('amili'))
    expect(layout.groups[0]?.mailboxes[0]).toEqual({
      path: 'input',
      role: 'send',
      label: 'input',
      fileCount: null,
      error: { kind: 'not-found', message: 'Could not list "input": it does not exist.' },
    })
  })
})

describe('discoverMailboxes: Generic SFTP', () => {
  it("uses the profile's own folders, named after the profile, the login folder by name", async () => {
    const { session } = server(['out/', 'in/x.edi', 'top.txt'])
    const layout = await discoverMailboxes(
      session,
      profile('generic', { send: ['out'], receive: ['in', ''] }),
    )
    expect(summary(layout)).toEqual([
      ['/Partner Oy', ['out send 0', 'in receive 1', 'login folder receive 1']],
    ])
  })

  it('has no mailboxes until folders are chosen', async () => {
    const { session, listed } = server(['in/x.edi'])
    expect(await discoverMailboxes(session, profile('generic'))).toEqual({
      preset: 'generic',
      groups: [],
      problems: [],
    })
    expect(listed).toEqual([])
  })
})

describe('discoverMailboxes: AS2 Gateway', () => {
  const base = 'as2gateway'

  it('finds stations and partners in order, with test partners beside or instead of live ones', async () => {
    const { session } = server([
      `${base}/ST_B/Beta/inbox/`,
      `${base}/ST_B/Beta/outbox/`,
      `${base}/ST_B/Beta/failed/`,
      `${base}/ST_A/Both/inbox/`,
      `${base}/ST_A/Both/test/inbox/`,
      `${base}/ST_A/OnlyTest/test/outbox/`,
      `${base}/ST_A/Empty/`,
      `${base}/ST_A/Sender/outbox/`,
      `${base}/ST_A/Sender/test/`,
    ])
    const layout = await discoverMailboxes(session, profile('as2-gateway'))
    expect(layout.problems).toEqual([])
    expect(
      layout.groups.map(
        (group) => `${group.station}/${group.partner}${group.test ? ' (test)' : ''}`,
      ),
    ).toEqual([
      'ST_A/Both',
      'ST_A/Both (test)',
      'ST_A/Empty',
      'ST_A/OnlyTest (test)',
      'ST_A/Sender',
      'ST_A/Sender (test)',
      'ST_B/Beta',
    ])
    expect(layout.groups[3]?.mailboxes.map((mailbox) => mailbox.path)).toEqual([
      'as2gateway/ST_A/OnlyTest/test/outbox',
      'as2gateway/ST_A/OnlyTest/test/inbox',
      'as2gateway/ST_A/OnlyTest/test/failed',
    ])
  })

  it('counts files in message folders where files arrive, not in the outbox', async () => {
    const partner = `${base}/ST/P`
    const { session } = server([
      `${partner}/inbox/20261123101010123-4711/invoice.edi`,
      `${partner}/inbox/20261123101010123-4711/invoice.pdf`,
      `${partner}/inbox/loose.xml`,
      `${partner}/inbox/not-a-message/hidden.xml`,
      `${partner}/outbox/20261123101010123-1/queued.xml`,
      `${partner}/failed/20261123101010123-2/bounced.xml`,
    ])
    const layout = await discoverMailboxes(session, profile('as2-gateway'))
    expect(summary(layout)).toEqual([
      ['ST/P', ['outbox send 0', 'inbox receive 3', 'failed failed 1']],
    ])
  })

  it('counts a message folder it cannot list as empty, and a mailbox it cannot list as an error', async () => {
    const partner = `${base}/ST/P`
    const { session } = server(
      [
        `${partner}/inbox/20261123101010123-1/a.edi`,
        `${partner}/inbox/b.edi`,
        `${partner}/failed/`,
      ],
      [`${partner}/inbox/20261123101010123-1`, `${partner}/failed`],
    )
    const layout = await discoverMailboxes(session, profile('as2-gateway'))
    expect(summary(layout)).toEqual([
      ['ST/P', ['outbox send not-found', 'inbox receive 1', 'failed failed permission-denied']],
    ])
  })

  it('skips a station it cannot list', async () => {
    const { session } = server([`${base}/OPEN/P/inbox/`, `${base}/SHUT/Q/inbox/`], [`${base}/SHUT`])
    const layout = await discoverMailboxes(session, profile('as2-gateway'))
    expect(layout.groups.map((group) => group.station)).toEqual(['OPEN'])
  })

  it('says when there are no stations yet, or when the account is not laid out as AS2 Gateway', async () => {
    const empty = await discoverMailboxes(server([`${base}/`]).session, profile('as2-gateway'))
    expect(empty).toEqual({
      preset: 'as2-gateway',
      groups: [],
      problems: ['No AS2 stations yet: create one in AS2 Gateway first.'],
    })
    const other = await discoverMailboxes(server(['pickup/']).session, profile('as2-gateway'))
    expect(other.problems).toEqual([
      'The as2gateway folder could not be listed: Could not list "as2gateway": it does not exist. Is this an AS2 Gateway account?',
    ])
    expect(other.groups).toEqual([])
  })
})

describe('discoverMailboxes: MFT Gateway', () => {
  it('pairs stations and partners from send and files, in order, with four mailboxes each', async () => {
    const { session } = server([
      'AS2/send/ST/Zeta/',
      'AS2/files/ST/Zeta/inbox/20261123101010-1/despatch.xml',
      'AS2/files/ST/Zeta/inbox/20261123101010-2/',
      'AS2/files/ST/Zeta/inbox/order.xml',
      'AS2/files/ST/Zeta/outbox/20261123101010-3/sent.xml',
      'AS2/duplicate/ST/Zeta/20261123101010-4/again.xml',
      'AS2/files/ST/Alpha/inbox/',
      'AS2/keystore/secret.p12',
      'AS2/tmp/upload.part',
    ])
    const layout = await discoverMailboxes(session, profile('mft-gateway'))
    expect(layout.problems).toEqual([])
    expect(summary(layout)).toEqual([
      [
        'ST/Alpha',
        [
          'send send not-found',
          'inbox receive 0',
          'sent sent not-found',
          'duplicates duplicate not-found',
        ],
      ],
      ['ST/Zeta', ['send send 0', 'inbox receive 2', 'sent sent 0', 'duplicates duplicate 1']],
    ])
    expect(layout.groups[1]?.mailboxes.map((mailbox) => mailbox.path)).toEqual([
      'AS2/send/ST/Zeta',
      'AS2/files/ST/Zeta/inbox',
      'AS2/files/ST/Zeta/outbox',
      'AS2/duplicate/ST/Zeta',
    ])
    expect(JSON.stringify(layout)).not.toMatch(/keystore|AS2\/tmp/)
  })

  it('adds the MDN folders as a group of the account when either can be listed', async () => {
    const { session } = server(['AS2/send/ST/P/', 'AS2/raw-mdn/incoming/mdn-1.txt'])
    const layout = await discoverMailboxes(session, profile('mft-gateway'))
    expect(summary(layout).at(-1)).toEqual([
      '/MDNs',
      ['MDNs received mdn 1', 'MDNs sent mdn not-found'],
    ])
    const none = await discoverMailboxes(server(['AS2/send/ST/P/']).session, profile('mft-gateway'))
    expect(none.groups.map((group) => group.partner)).toEqual(['P'])
  })

  it('says which top folder it could not list, and still shows what the other holds', async () => {
    const { session } = server(['AS2/send/ST/P/'])
    const layout = await discoverMailboxes(session, profile('mft-gateway'))
    expect(layout.problems).toEqual([
      'AS2/files could not be listed: Could not list "AS2/files": it does not exist. Is this an MFT Gateway account?',
    ])
    expect(layout.groups.map((group) => group.partner)).toEqual(['P'])
  })
})
