import { describe, expect, it } from 'vitest'
import { recoverSends } from '../../../../../src/main/core/transfer/send/recover-sends'
import { interruptedSends } from '../../../../fixtures/interrupted-sends'

const FOLDER = 'outbox/20261123101010-abcdef'
const MINUTE = 60_000

/**
 * An AS2 message of a.xml, b.xml and c.xml (1,000 bytes each) whose send stopped while b.xml was
 * written: a.xml sent, b.xml started with 400 bytes on the server, c.xml never started.
 */
async function stoppedMidMessage(options: { folderThere?: boolean; bOnServer?: number } = {}) {
  const sends = interruptedSends('as2-gateway')
  sends.server.tree.addFolder('outbox')
  if (options.folderThere !== false) {
    sends.server.tree.addFile(`${FOLDER}/a.xml`, Buffer.alloc(1000))
    if (options.bOnServer !== 0)
      sends.server.tree.addFile(`${FOLDER}/b.xml`, Buffer.alloc(options.bOnServer ?? 400))
  }
  const message = { messageFolder: FOLDER }
  const a = await sends.upload(`${FOLDER}/a.xml`, 'direct', message)
  await sends.journal.append({ step: 'sent', id: a.id, at: Date.now() })
  const b = await sends.upload(`${FOLDER}/b.xml`, 'direct', message)
  const c = await sends.upload(`${FOLDER}/c.xml`, 'direct', { ...message, started: false })
  return { sends, rows: { a, b, c } }
}

describe('recoverMessage', () => {
  it('completes a message found within its quiet time: its partial file removed, the missing ones to send', async () => {
    const { sends, rows } = await stoppedMidMessage()
    const [found, ...more] = await recoverSends(sends.context(), sends.server.connect())
    expect(more).toEqual([])
    expect(found?.report).toMatchObject({
      kind: 'message',
      name: '20261123101010-abcdef',
      mailbox: 'outbox',
      remotePath: FOLDER,
      outcome: 'message-completed',
      sizeSent: 3000,
      sizeOnServer: 1400,
      files: [
        { name: 'a.xml', sizeSent: 1000, sizeOnServer: 1000 },
        { name: 'b.xml', sizeSent: 1000, sizeOnServer: 400 },
        { name: 'c.xml', sizeSent: 1000, sizeOnServer: null },
      ],
    })
    expect(found?.complete?.folder).toBe(FOLDER)
    expect(found?.complete?.files.map((row) => row.id)).toEqual([rows.b.id, rows.c.id])
    expect(sends.server.tree.entries(FOLDER).map(([name]) => name)).toEqual(['a.xml'])
    expect(sends.row(rows.b.id)?.status).toBe('recovered')
    expect(sends.row(rows.a.id)?.status).toBe('sent')
  })

  it('reports a message past its quiet time as one the gateway may send incomplete, leaving it, and offers it again whole', async () => {
    const { sends } = await stoppedMidMessage()
    const later = Date.now() + 2 * MINUTE
    const [found] = await recoverSends(sends.context({ now: () => later }), sends.server.connect())
    expect(found?.report).toMatchObject({
      outcome: 'message-incomplete',
      gateway: expect.stringContaining('may send this one with 1 of its 3 files whole'),
      sendAgainAs: 'a new message in outbox',
    })
    expect(found?.complete).toBeUndefined()
    expect(found?.again).toEqual({
      kind: 'message',
      outbox: 'outbox',
      files: [
        { localPath: '/local/a.xml', name: 'a.xml' },
        { localPath: '/local/b.xml', name: 'b.xml' },
        { localPath: '/local/c.xml', name: 'c.xml' },
      ],
    })
    expect(sends.server.tree.entries(FOLDER).map(([name]) => name)).toEqual(['a.xml', 'b.xml'])
  })

  it('does not complete a message too close to the end of its quiet time', async () => {
    const { sends } = await stoppedMidMessage()
    const nearly = Date.now() + 2 * MINUTE - 10_000
    const [found] = await recoverSends(sends.context({ now: () => nearly }), sends.server.connect())
    expect(found?.report.outcome).toBe('message-incomplete')
  })

  it('reports a message the gateway has taken as sent incomplete', async () => {
    const { sends } = await stoppedMidMessage({ folderThere: false })
    const [found] = await recoverSends(sends.context(), sends.server.connect())
    expect(found?.report).toMatchObject({
      outcome: 'message-incomplete',
      sizeOnServer: null,
      gateway: expect.stringContaining('has taken the message folder'),
    })
  })

  it('reports a message whose folder was never made as not sent', async () => {
    const sends = interruptedSends('as2-gateway')
    sends.server.tree.addFolder('outbox')
    await sends.upload(`${FOLDER}/a.xml`, 'direct', { messageFolder: FOLDER, started: false })
    const [found] = await recoverSends(sends.context(), sends.server.connect())
    expect(found?.report.outcome).toBe('not-sent')
    expect(found?.again?.kind).toBe('message')
  })

  it('does not count a file Mailroom never wrote as one of its message', async () => {
    const { sends } = await stoppedMidMessage({ bOnServer: 1000 })
    sends.server.tree.addFile(`${FOLDER}/c.xml`, Buffer.alloc(1000))
    const [found] = await recoverSends(sends.context(), sends.server.connect())
    // c.xml was never started: a file Mailroom did not write is not counted as its own.
    expect(found?.report.outcome).toBe('message-incomplete')
    expect(sends.server.tree.entries(FOLDER)).toHaveLength(3)
  })

  it('counts a message as sent when its last file was written whole before the stop', async () => {
    const sends = interruptedSends('as2-gateway')
    sends.server.tree.addFile(`${FOLDER}/a.xml`, Buffer.alloc(1000))
    await sends.upload(`${FOLDER}/a.xml`, 'direct', { messageFolder: FOLDER })
    const [found] = await recoverSends(sends.context(), sends.server.connect())
    expect(found?.report.outcome).toBe('sent')
  })

  it('removes an empty message folder found past its quiet time, and reports the message not sent', async () => {
    const sends = interruptedSends('as2-gateway')
    sends.server.tree.addFolder(FOLDER)
    await sends.upload(`${FOLDER}/a.xml`, 'direct', { messageFolder: FOLDER, started: false })
    const later = Date.now() + 3 * MINUTE
    const [found] = await recoverSends(sends.context({ now: () => later }), sends.server.connect())
    expect(found?.report.outcome).toBe('not-sent')
    expect(sends.server.tree.exists(FOLDER)).toBe(false)
  })

  it('only reports a message it could complete when asked only to report', async () => {
    const { sends, rows } = await stoppedMidMessage()
    const [found] = await recoverSends(sends.context({ reportOnly: true }), sends.server.connect())
    expect(found?.report).toMatchObject({ outcome: 'message-incomplete', reportOnly: true })
    expect(sends.server.tree.entries(FOLDER)).toHaveLength(2)
    expect(sends.row(rows.b.id)?.status).toBe('started')
  })
})
