import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../../src/main/core/errors'
import {
  finishedBeforeDrop,
  refuseExisting,
  removePartial,
  statIfThere,
  temporaryNameFor,
} from '../../../../../src/main/core/transfer/send/upload-attempt'
import { at, MemorySftpServer } from '../../../../fixtures/memory-sftp-session'

describe('upload attempts', () => {
  it('names a temporary file beside the final name, or in the send folder’s parent', () => {
    expect(temporaryNameFor(at('a/outbox/x.edi'), 'beside')).toMatch(
      /^a\/outbox\/\.x\.edi\.[0-9a-f]{8}\.mailroom-part$/,
    )
    expect(temporaryNameFor(at('a/outbox/x.edi'), 'parent')).toMatch(
      /^a\/\.x\.edi\.[0-9a-f]{8}\.mailroom-part$/,
    )
    expect(temporaryNameFor(at('outbox/x.edi'), 'parent')).toMatch(/^\.x\.edi\.[0-9a-f]{8}/)
    // A send folder that is the login folder has no parent to go to.
    expect(temporaryNameFor(at('x.edi'), 'parent')).toMatch(/^\.x\.edi\.[0-9a-f]{8}/)
    expect(temporaryNameFor(at('x.edi'), 'beside')).not.toBe(
      temporaryNameFor(at('x.edi'), 'beside'),
    )
  })

  it('looks at a name without failing when nothing is there, and refuses a taken one', async () => {
    const server = new MemorySftpServer()
    server.tree.addFile('out/a.xml', 'here')
    const session = server.connect()
    expect(await statIfThere(session, at('out/b.xml'))).toBeUndefined()
    expect((await statIfThere(session, at('out/a.xml')))?.size).toBe(4)
    await expect(refuseExisting(session, at('out/a.xml'))).rejects.toMatchObject({
      kind: 'already-exists',
    })
    await expect(refuseExisting(session, at('out/b.xml'))).resolves.toBeUndefined()
  })

  it('after a drop, counts a direct upload written whole, and removes a temporary copy not renamed', async () => {
    const server = new MemorySftpServer()
    server.tree.addFile('out/a.xml', Buffer.alloc(10))
    server.tree.addFile('out/.a.xml.1.mailroom-part', Buffer.alloc(10))
    const session = server.connect()
    const direct = { target: at('out/a.xml'), written: true, sentBytes: 10, renaming: false }
    expect(await finishedBeforeDrop(session, direct, at('out/a.xml'))).toBe(true)
    const temporary = { target: at('out/.a.xml.1.mailroom-part'), written: true, renaming: false }
    expect(await finishedBeforeDrop(session, temporary, at('out/b.xml'))).toBe(false)
    expect(server.tree.exists('out/.a.xml.1.mailroom-part')).toBe(false)
  })

  it('removes what a failed upload wrote, and says what is left when it cannot', async () => {
    const server = new MemorySftpServer()
    server.tree.addFile('out/.a.tmp', 'partial')
    const session = server.connect()
    const cause = new MailroomError('verify-failed', 'Too short.')
    expect(await removePartial(session, at('out/.a.tmp'), at('out/a.xml'), cause)).toEqual({
      error: cause,
      removed: true,
    })
    expect(server.tree.exists('out/.a.tmp')).toBe(false)
    session.close()
    const left = await removePartial(session, at('out/.a.tmp'), at('out/a.xml'), cause)
    expect(left.removed).toBe(false)
    expect(left.error).toMatchObject({
      kind: 'verify-failed',
      message: expect.stringContaining('Mailroom removes it at the next connection'),
    })
  })
})
