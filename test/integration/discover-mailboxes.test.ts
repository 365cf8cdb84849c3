import { openTrustingSession } from '../fixtures/trusting-session'
import { chmodSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { discoverMailboxes } from '../../src/main/core/mailbox/discover-mailboxes'
import type { SftpSession } from '../../src/main/core/sftp/sftp-session'
import { remotePath } from '../../src/shared/remote-path'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** Discovery of each preset's layout against the jail, with waiting files, test partners and faults. */
describe('discoverMailboxes against sshd', () => {
  let server: TestSshd
  let session: SftpSession

  beforeAll(async () => {
    server = await startSshd()
    server.writeFile('as2gateway/RJ_ONE/DemoAS2/inbox/20261123101010123-4711/invoice.edi', 'UNA')
    server.writeFile('as2gateway/RJ_ONE/DemoAS2/inbox/20261123101011123-4712-orders.xml', '<x/>')
    server.writeFile('as2gateway/RJ_ONE/DemoAS2/failed/report.csv', 'a,b')
    server.writeFile('AS2/files/RJ_ONE/DemoMFT/inbox/20261123101010-1/despatch.xml', '<d/>')
    server.writeFile('AS2/raw-mdn/incoming/mdn-1.txt', 'mdn')
    server.writeFile('pickup/a.txt', 'a')
    server.writeFile('pickup/b.txt', 'b')
    // A folder the login user may not read, as when a gateway withholds one.
    chmodSync(join(server.jail, 'as2gateway/PT/DemoAS2/failed'), 0o000)
    session = await openTrustingSession(server)
  })
  afterAll(async () => {
    session?.close()
    await server?.stop()
  })

  const profile = (
    preset: 'amili' | 'mft-gateway' | 'as2-gateway' | 'generic',
    sendFolders: string[] = [],
    receiveFolders: string[] = [],
  ) => ({
    preset,
    name: 'Test',
    sendFolders: sendFolders.map((folder) => remotePath.parse(folder)),
    receiveFolders: receiveFolders.map((folder) => remotePath.parse(folder)),
  })

  it('AS2 Gateway: stations, partners, test partners, waiting files in both inbox layouts, failed files, and no permission', async () => {
    const layout = await discoverMailboxes(session, profile('as2-gateway'))
    expect(
      layout.groups.map(
        (group) => `${group.station}/${group.partner}${group.test ? ' (test)' : ''}`,
      ),
    ).toEqual(['PT/DemoAS2', 'RJ_ONE/DemoAS2', 'RJ_ONE/DemoAS2 (test)', 'RJ_ONE/TestOnly (test)'])
    const demo = layout.groups[1]
    expect(
      demo?.mailboxes.map((mailbox) => [mailbox.label, mailbox.role, mailbox.fileCount]),
    ).toEqual([
      ['outbox', 'send', 0],
      ['inbox', 'receive', 2],
      ['failed', 'failed', 1],
    ])
    expect(layout.groups[3]?.mailboxes[0]?.path).toBe('as2gateway/RJ_ONE/TestOnly/test/outbox')
    expect(layout.groups[0]?.mailboxes[2]).toMatchObject({
      label: 'failed',
      fileCount: null,
      error: { kind: 'permission-denied' },
    })
  })

  it('MFT Gateway: send, inbox, sent and duplicate per partner, MDNs, and never keystore or tmp', async () => {
    const layout = await discoverMailboxes(session, profile('mft-gateway'))
    expect(layout.groups.map((group) => `${group.station}/${group.partner}`)).toEqual([
      'RJ_ONE/DemoMFT',
      'RJ_ONE/OtherMFT',
      '/MDNs',
    ])
    expect(
      layout.groups[0]?.mailboxes.map((mailbox) => [mailbox.path, mailbox.role, mailbox.fileCount]),
    ).toEqual([
      ['AS2/send/RJ_ONE/DemoMFT', 'send', 0],
      ['AS2/files/RJ_ONE/DemoMFT/inbox', 'receive', 1],
      ['AS2/files/RJ_ONE/DemoMFT/outbox', 'sent', 0],
      ['AS2/duplicate/RJ_ONE/DemoMFT', 'duplicate', 0],
    ])
    // OtherMFT has a send folder only: its missing files folders are shown as missing.
    expect(layout.groups[1]?.mailboxes[1]).toMatchObject({
      role: 'receive',
      error: { kind: 'not-found' },
    })
    expect(
      layout.groups[2]?.mailboxes.map((mailbox) => [mailbox.label, mailbox.fileCount]),
    ).toEqual([
      ['MDNs received', 1],
      ['MDNs sent', 0],
    ])
    expect(JSON.stringify(layout)).not.toMatch(/keystore|AS2\/tmp/)
  })

  it('Amili: input to send, pickup to receive', async () => {
    const layout = await discoverMailboxes(session, profile('amili'))
    expect(
      layout.groups[0]?.mailboxes.map((mailbox) => [mailbox.path, mailbox.role, mailbox.fileCount]),
    ).toEqual([
      ['input', 'send', 0],
      ['pickup', 'receive', 2],
    ])
  })

  it('Generic: the folders named in the profile, and a missing one said as such', async () => {
    mkdirSync(join(server.jail, 'input'), { recursive: true })
    const layout = await discoverMailboxes(
      session,
      profile('generic', ['input'], ['pickup', 'nowhere']),
    )
    expect(
      layout.groups[0]?.mailboxes.map((mailbox) => [
        mailbox.path,
        mailbox.role,
        mailbox.error?.kind ?? 'ok',
      ]),
    ).toEqual([
      ['input', 'send', 'ok'],
      ['pickup', 'receive', 'ok'],
      ['nowhere', 'receive', 'not-found'],
    ])
  })

  it('says when the account does not look like the chosen gateway', async () => {
    server.writeFile('probe.txt', 'x')
    const other = await discoverMailboxes(
      { list: async () => Promise.reject(Object.assign(new Error('No such file'), { code: 2 })) },
      profile('as2-gateway'),
    )
    expect(other.problems[0]).toMatch(/Is this an AS2 Gateway account\?/)
  })
})
