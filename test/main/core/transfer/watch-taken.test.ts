import { describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import type { SftpSession } from '../../../../src/main/core/sftp/sftp-session'
import { watchTaken } from '../../../../src/main/core/transfer/watch-taken'
import type { TransferId } from '../../../../src/shared/domain'
import { remotePath } from '../../../../src/shared/remote-path'

function fakeSession(presentForChecks: number) {
  let checks = 0
  let closeListener: (() => void) | undefined
  const session = {
    isOpen: true,
    stat: async () => {
      checks += 1
      if (checks > presentForChecks) throw new MailroomError('not-found', 'gone')
      return { kind: 'file', size: 1, modifiedAt: 0 }
    },
    onClose: (listener: () => void) => {
      closeListener = listener
      return () => undefined
    },
  }
  return {
    session: session as unknown as SftpSession,
    checks: () => checks,
    close: () => closeListener?.(),
  }
}

describe('watchTaken', () => {
  it('reports the file as taken once it has gone from the send mailbox', async () => {
    const { session, checks } = fakeSession(2)
    const taken = await new Promise<TransferId>((resolve) =>
      watchTaken(session, remotePath.parse('outbox/a.xml'), 'transfer-1' as TransferId, resolve, {
        intervalMs: 5,
      }),
    )
    expect(taken).toBe('transfer-1')
    expect(checks()).toBe(3)
  })

  it('stops when the connection ends, reporting nothing', async () => {
    const { session, checks, close } = fakeSession(1000)
    let reported = false
    watchTaken(
      session,
      remotePath.parse('outbox/a.xml'),
      'transfer-2' as TransferId,
      () => (reported = true),
      { intervalMs: 5 },
    )
    await new Promise((resolve) => setTimeout(resolve, 30))
    close()
    const after = checks()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(checks()).toBe(after)
    expect(reported).toBe(false)
  })
})
