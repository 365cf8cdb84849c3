import { describe, expect, it } from 'vitest'
import { recoverSends } from '../../../../../src/main/core/transfer/send/recover-sends'
import { planUploads } from '../../../../../src/main/core/transfer/send/send-files'
import type { PgpFingerprint } from '../../../../../src/shared/pgp'
import { at } from '../../../../fixtures/memory-sftp-session'
import { CLOCK_TOLERANCE_MS } from '../../../../../src/main/core/transfer/send/recovery-context'
import { interruptedSends } from '../../../../fixtures/interrupted-sends'

const TEMPORARY = 'out/.a.xml.0a1b2c3d.mailroom-part'

describe('recoverSends', () => {
  it('reports a file that was waiting its turn as not sent, offering to send it again', async () => {
    const sends = interruptedSends()
    sends.server.tree.addFolder('out')
    const { id } = await sends.upload('out/a.xml', 'temp-rename', { started: false })
    const [found] = await recoverSends(sends.context(), sends.server.connect())
    expect(found?.report).toMatchObject({
      kind: 'file',
      name: 'a.xml',
      mailbox: 'out',
      outcome: 'not-sent',
      sizeSent: 1000,
      sizeOnServer: null,
      sendAgainAs: 'a.xml',
    })
    expect(found?.again).toEqual({
      kind: 'file',
      localPath: '/local/a.xml',
      remotePath: 'out/a.xml',
    })
    expect(sends.row(id)).toMatchObject({
      status: 'recovered',
      outcome: expect.stringMatching(/^not-sent: /),
    })
    expect(sends.journal.unfinished(sends.context().profileId)).toEqual([])
    expect(sends.server.requests).toEqual([])
  })

  it('an encrypted file: reported by its original, sent again from it, and its copy removed', async () => {
    const sends = interruptedSends()
    sends.server.tree.addFolder('out')
    const pgp = { recipients: ['A'.repeat(40) as PgpFingerprint], armored: false }
    const [planned] = await planUploads(
      sends.journal,
      sends.context().profileId,
      at('out'),
      [
        {
          id: 'encrypted-1',
          localPath: '/data/pgp-outgoing/encrypted-1/a.xml.pgp',
          name: 'a.xml.pgp',
          size: 1000,
          encrypted: { sourcePath: '/local/a.xml', pgp },
        },
      ],
      'temp-rename',
    )
    sends.journal.settled(['encrypted-1'])
    const dropped: string[] = []
    const dropCopy = async (id: string) => void dropped.push(id)
    // Only reporting (mailroom check) keeps the copy, as it keeps the record.
    await recoverSends(sends.context({ reportOnly: true, dropCopy }), sends.server.connect())
    expect(dropped).toEqual([])
    const [found] = await recoverSends(sends.context({ dropCopy }), sends.server.connect())
    expect(planned?.id).toBe('encrypted-1')
    expect(found?.report).toMatchObject({
      name: 'a.xml.pgp',
      outcome: 'not-sent',
      localPaths: ['/local/a.xml'],
    })
    expect(found?.again).toEqual({
      kind: 'file',
      localPath: '/local/a.xml',
      remotePath: 'out/a.xml.pgp',
      encrypted: { sourcePath: '/local/a.xml', pgp },
    })
    expect(dropped).toEqual(['encrypted-1'])
  })

  describe('temp-rename, stopped while its temporary file was written', () => {
    it('removes the temporary file the journal names, and reports the file not sent', async () => {
      const sends = interruptedSends()
      sends.server.tree.addFile(TEMPORARY, Buffer.alloc(400))
      await sends.upload('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(sends.server.tree.exists(TEMPORARY)).toBe(false)
      expect(found?.report).toMatchObject({
        outcome: 'not-sent',
        sizeOnServer: 400,
        summary: expect.stringContaining('that file was removed'),
      })
    })

    it.each([
      ['larger than what was being sent', Buffer.alloc(1001), undefined],
      [
        'last changed long before the upload started',
        Buffer.alloc(10),
        -CLOCK_TOLERANCE_MS - 60_000,
      ],
      ['changed after now', Buffer.alloc(10), CLOCK_TOLERANCE_MS + 60_000],
    ])('never removes a look-alike under that name: %s', async (_label, content, shift) => {
      const sends = interruptedSends()
      sends.server.tree.addFile(
        TEMPORARY,
        content,
        shift === undefined ? undefined : Math.floor((Date.now() + shift) / 1000) * 1000,
      )
      await sends.upload('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(sends.server.tree.content(TEMPORARY)?.equals(content)).toBe(true)
      expect(sends.server.sent('remove')).toEqual([])
      expect(found?.report.outcome).toBe('left-alone')
    })

    it('never touches a file of the same pattern the journal does not name', async () => {
      const sends = interruptedSends()
      const other = 'out/.a.xml.ffffffff.mailroom-part'
      sends.server.tree.addFile(other, Buffer.alloc(10))
      await sends.upload('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(sends.server.tree.exists(other)).toBe(true)
      expect(found?.report).toMatchObject({ outcome: 'not-sent', sizeOnServer: null })
    })
  })

  describe('temp-rename, stopped around its rename', () => {
    const written = async (sends: ReturnType<typeof interruptedSends>, modifiedAt: number) => {
      const { id } = await sends.upload('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
      await sends.journal.append({
        step: 'written',
        id,
        size: 1000,
        serverModifiedAt: modifiedAt,
        at: Date.now(),
      })
      return id
    }
    const second = (ms: number) => Math.floor(ms / 1000) * 1000

    it('removes the whole temporary file not yet renamed, only if size and time are exactly as written', async () => {
      const sends = interruptedSends()
      const when = second(Date.now())
      sends.server.tree.addFile(TEMPORARY, Buffer.alloc(1000), when)
      await written(sends, when)
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(sends.server.tree.exists(TEMPORARY)).toBe(false)
      expect(found?.report).toMatchObject({ outcome: 'not-sent', sizeOnServer: 1000 })
    })

    it('leaves a temporary file whose time is not the one written', async () => {
      const sends = interruptedSends()
      const when = second(Date.now())
      sends.server.tree.addFile(TEMPORARY, Buffer.alloc(1000), when + 1000)
      await written(sends, when)
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(sends.server.tree.exists(TEMPORARY)).toBe(true)
      expect(found?.report.outcome).toBe('left-alone')
    })

    it('counts a rename that went through: the final name holds the whole file', async () => {
      const sends = interruptedSends()
      sends.server.tree.addFile('out/a.xml', Buffer.alloc(1000))
      await written(sends, second(Date.now()))
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(found?.report).toMatchObject({ outcome: 'sent', sizeOnServer: 1000 })
      expect(found?.again).toBeUndefined()
    })

    it('counts a file the gateway has taken since its rename, where the gateway takes sent files', async () => {
      const sends = interruptedSends('as2-gateway')
      sends.server.tree.addFolder('out')
      await written(sends, second(Date.now()))
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(found?.report.outcome).toBe('taken')
    })

    it('reports it not sent where neither name is there and nothing takes files', async () => {
      const sends = interruptedSends('generic')
      sends.server.tree.addFolder('out')
      await written(sends, second(Date.now()))
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(found?.report.outcome).toBe('not-sent')
    })
  })

  describe('direct, stopped while written straight to its final name', () => {
    it('reports a partial copy, leaves it, and offers to send again after removing that copy', async () => {
      const sends = interruptedSends('amili')
      const partial = sends.server.tree.addFile('input/a.xml', Buffer.alloc(300))
      await sends.upload('input/a.xml', 'direct')
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(sends.server.tree.exists('input/a.xml')).toBe(true)
      expect(found?.report).toMatchObject({
        outcome: 'partial',
        sizeOnServer: 300,
        sizeSent: 1000,
        sendAgainAs: 'a.xml',
        gateway: expect.stringContaining('Amili takes what lands in input'),
      })
      expect(found?.again).toMatchObject({
        kind: 'file',
        remotePath: 'input/a.xml',
        removeFirst: { path: 'input/a.xml', found: partial.stat() },
      })
    })

    it("offers a suffixed name where the gateway's duplicate rule has seen the name, and counts it as sent", async () => {
      const sends = interruptedSends('mft-gateway')
      sends.server.tree.addFile('AS2/send/S/P/a.xml', Buffer.alloc(300))
      await sends.upload('AS2/send/S/P/a.xml', 'direct')
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(found?.report.sendAgainAs).toMatch(/^a-\d{8}-\d{6}\.xml$/)
      expect(found?.report.gateway).toContain('set aside as a duplicate')
      expect(sends.seenNames).toEqual(['AS2/send/S/P/a.xml'])
    })

    it('reports that the gateway may have taken a partial copy when it is gone', async () => {
      const sends = interruptedSends('amili')
      sends.server.tree.addFolder('input')
      await sends.upload('input/a.xml', 'direct')
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(found?.report).toMatchObject({ outcome: 'partial-taken', sizeOnServer: null })
    })

    it('counts a file whose every byte was written as sent', async () => {
      const sends = interruptedSends('amili')
      sends.server.tree.addFile('input/a.xml', Buffer.alloc(1000))
      await sends.upload('input/a.xml', 'direct')
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(found?.report.outcome).toBe('sent')
    })

    it('leaves alone a larger file now under the name', async () => {
      const sends = interruptedSends('amili')
      sends.server.tree.addFile('input/a.xml', Buffer.alloc(5000))
      await sends.upload('input/a.xml', 'direct')
      const [found] = await recoverSends(sends.context(), sends.server.connect())
      expect(found?.report.outcome).toBe('left-alone')
      expect(found?.again).toMatchObject({ kind: 'file', remotePath: 'input/a.xml' })
      expect(found?.again).not.toHaveProperty('removeFirst')
    })
  })

  it('only reports, changing nothing, when asked to (mailroom check)', async () => {
    const sends = interruptedSends()
    sends.server.tree.addFile(TEMPORARY, Buffer.alloc(400))
    const { id } = await sends.upload('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
    const [found] = await recoverSends(sends.context({ reportOnly: true }), sends.server.connect())
    expect(found?.report).toMatchObject({
      outcome: 'not-sent',
      reportOnly: true,
      summary: expect.stringContaining('removed at the next send or pickup'),
    })
    expect(sends.server.tree.exists(TEMPORARY)).toBe(true)
    expect(sends.row(id)?.status).toBe('started')
  })

  it('leaves alone the uploads this process is sending now', async () => {
    const sends = interruptedSends()
    sends.server.tree.addFile(TEMPORARY, Buffer.alloc(400))
    const { id } = await sends.upload('out/a.xml', 'temp-rename', { temporaryPath: TEMPORARY })
    sends.journal.working([id])
    expect(await recoverSends(sends.context(), sends.server.connect())).toEqual([])
    expect(sends.server.tree.exists(TEMPORARY)).toBe(true)
  })
})
