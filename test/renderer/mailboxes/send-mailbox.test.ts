import { describe, expect, it } from 'vitest'
import type { Mailbox, MailboxGroup, MailboxLayout } from '../../../src/shared/domain'
import type { RemotePath } from '../../../src/shared/remote-path'
import { sendTargetName, soleSendMailbox } from '../../../src/renderer/mailboxes/send-mailbox'

const mailbox = (path: string, role: Mailbox['role'], extra: Partial<Mailbox> = {}): Mailbox => ({
  path: path as RemotePath,
  role,
  label: path.split('/').at(-1) ?? path,
  fileCount: null,
  ...extra,
})

const group = (partner: string, mailboxes: Mailbox[], test = false): MailboxGroup => ({
  station: 'RJ_ONE',
  partner,
  test,
  mailboxes,
})

const layout = (...groups: MailboxGroup[]): MailboxLayout => ({
  preset: 'mft-gateway',
  groups,
  problems: [],
})

describe('the send mailbox a first connection shows', () => {
  it('is the only send mailbox of the layout', () => {
    const one = layout(
      group('DemoMFT', [
        mailbox('AS2/send/RJ_ONE/DemoMFT', 'send'),
        mailbox('AS2/files/RJ_ONE/DemoMFT/inbox', 'receive'),
      ]),
      group('MDNs', [mailbox('AS2/raw-mdn/incoming', 'mdn')]),
    )
    expect(soleSendMailbox(one)).toBe('AS2/send/RJ_ONE/DemoMFT')
  })

  it('is none with several, none, a missing one, or no layout yet', () => {
    expect(
      soleSendMailbox(
        layout(
          group('DemoMFT', [mailbox('AS2/send/RJ_ONE/DemoMFT', 'send')]),
          group('OtherMFT', [mailbox('AS2/send/RJ_ONE/OtherMFT', 'send')]),
        ),
      ),
    ).toBeUndefined()
    expect(soleSendMailbox(layout(group('x', [mailbox('pickup', 'receive')])))).toBeUndefined()
    expect(soleSendMailbox(layout())).toBeUndefined()
    expect(soleSendMailbox(undefined)).toBeUndefined()
    const missing = mailbox('input', 'send', {
      error: { kind: 'not-found', message: 'input is missing' },
    })
    expect(soleSendMailbox(layout(group('Amili', [missing])))).toBeUndefined()
  })
})

describe('whom dropped files go to', () => {
  const as2 = layout(
    group('DemoAS2', [mailbox('as2gateway/RJ_ONE/DemoAS2/outbox', 'send')]),
    group('DemoAS2', [mailbox('as2gateway/RJ_ONE/DemoAS2/test/outbox', 'send')], true),
  )

  it('is the partner of a mailbox, a test partner marked, or a plain folder by its path', () => {
    expect(sendTargetName(as2, 'as2gateway/RJ_ONE/DemoAS2/outbox' as RemotePath)).toBe('DemoAS2')
    expect(sendTargetName(as2, 'as2gateway/RJ_ONE/DemoAS2/test/outbox' as RemotePath)).toBe(
      'DemoAS2 (test)',
    )
    expect(sendTargetName(undefined, 'input' as RemotePath)).toBe('input')
    expect(sendTargetName(undefined, '' as RemotePath)).toBe('the login folder')
  })
})
