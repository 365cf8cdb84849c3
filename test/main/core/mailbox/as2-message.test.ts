import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import {
  checkMessageLimits,
  createMessageFolder,
  messageLimitsOf,
} from '../../../../src/main/core/mailbox/as2-message'
import type { SftpSession } from '../../../../src/main/core/sftp/sftp-session'
import { PRESETS } from '../../../../src/shared/presets'
import { remotePath, type RemotePath } from '../../../../src/shared/remote-path'

describe('checkMessageLimits', () => {
  const file = (size: number, index = 0) => ({ localPath: `/f${index}`, name: `f${index}`, size })
  const as2 = PRESETS['as2-gateway']
  const check = (files: ReturnType<typeof file>[]) =>
    checkMessageLimits(files, messageLimitsOf(as2), as2.label)
  it('takes 10 files of 10 MB in all, and refuses more (AS2 Gateway)', () => {
    expect(() =>
      check(Array.from({ length: 10 }, (_, index) => file(1_000_000, index))),
    ).not.toThrow()
    expect(() => check(Array.from({ length: 11 }, (_, index) => file(1, index)))).toThrow(
      /One AS2 Gateway message holds at most 10 files; these are 11/,
    )
    expect(() => check([file(6_000_000, 1), file(4_000_001, 2)])).toThrow(
      /at most 10 MB; these files are 10.0 MB/,
    )
  })

  it('says nothing was sent, and how to send them instead', () => {
    expect(() => check(Array.from({ length: 11 }, (_, index) => file(1, index)))).toThrow(
      expect.objectContaining({
        kind: 'invalid-input',
        message:
          'One AS2 Gateway message holds at most 10 files; these are 11. Nothing was sent: send them as separate messages, or in smaller groups.',
      }),
    )
    expect(() => check([file(12_345_678)])).toThrow(
      expect.objectContaining({
        kind: 'invalid-input',
        message:
          'One AS2 Gateway message holds at most 10 MB; these files are 12.3 MB together. Nothing was sent: send them as separate messages.',
      }),
    )
  })

  it('refuses a message of several files where the gateway takes none, saying what to do', () => {
    expect(() => messageLimitsOf(PRESETS['mft-gateway'])).toThrow(
      /MFT Gateway does not take several files as one message. Zip them into one archive/,
    )
    expect(() => messageLimitsOf(PRESETS.amili)).toThrow(/Amili .* Send them separately/)
    expect(messageLimitsOf(as2)).toEqual({ files: 10, bytes: 10_000_000, quietMs: 120_000 })
  })
})

describe('createMessageFolder', () => {
  const outbox = remotePath.parse('as2gateway/RJ_ONE/DemoAS2/outbox')
  const now = new Date(Date.UTC(2026, 10, 23, 9, 14, 59))

  /** A session whose mkdir fails with `failures` in turn, then succeeds; it notes each folder. */
  function session(failures: unknown[]) {
    const tried: RemotePath[] = []
    const fake = {
      mkdir: async (folder: RemotePath) => {
        tried.push(folder)
        const failure = failures.shift()
        if (failure !== undefined) throw failure
      },
    }
    return { session: fake as unknown as SftpSession, tried }
  }

  it('makes a new folder in the outbox, named by the time and a random part', async () => {
    const { session: sftp, tried } = session([])
    const folder = await createMessageFolder(sftp, outbox, now)
    expect(folder).toMatch(/^as2gateway\/RJ_ONE\/DemoAS2\/outbox\/20261123091459-[0-9a-f]{6}$/)
    expect(tried).toEqual([folder])
  })

  it('tries another name when the first is taken', async () => {
    const taken = new MailroomError('already-exists', 'It exists.')
    const { session: sftp, tried } = session([taken, new Error('Failure')])
    const folder = await createMessageFolder(sftp, outbox, now)
    expect(tried).toHaveLength(3)
    expect(new Set(tried).size).toBe(3)
    expect(folder).toBe(tried[2])
  })

  it('gives up after five names, saying where', async () => {
    const { session: sftp, tried } = session(Array.from({ length: 5 }, () => new Error('Failure')))
    await expect(createMessageFolder(sftp, outbox, now)).rejects.toMatchObject({
      kind: 'internal',
      message: 'Could not create a new message folder in as2gateway/RJ_ONE/DemoAS2/outbox.',
    })
    expect(tried).toHaveLength(5)
  })

  it('does not retry a failure another name would not mend', async () => {
    const denied = new MailroomError('permission-denied', 'The server denied permission.')
    const { session: sftp, tried } = session([denied])
    await expect(createMessageFolder(sftp, outbox, now)).rejects.toBe(denied)
    expect(tried).toHaveLength(1)
  })
})
