import { EventEmitter } from 'node:events'
import type { Client, SFTPWrapper } from 'ssh2'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { Ssh2Session } from '../../../../src/main/core/sftp/ssh2-session'
import { remotePath } from '../../../../src/shared/remote-path'

/**
 * An SFTP channel that never answers: what ssh2 does with a request sent after the channel's
 * end arrived (it keeps it, and the end's clean-up, which fails the waiting ones, has run).
 */
function silentChannel(ended = false) {
  const client = new EventEmitter()
  const sftp = Object.assign(new EventEmitter(), {
    readable: !ended,
    sent: [] as string[],
    stat(path: string) {
      sftp.sent.push(`stat ${path}`)
    },
    open(path: string) {
      sftp.sent.push(`open ${path}`)
    },
  })
  const session = new Ssh2Session(
    client as unknown as Client,
    sftp as unknown as SFTPWrapper,
    'sftp.example.test',
    { type: 'ssh-ed25519', fingerprint: 'SHA256:test' },
    silentLogger,
  )
  return { client, sftp, session }
}

describe('Ssh2Session when the channel ends', () => {
  it('fails a request that is waiting when the channel ends, instead of waiting for ever', async () => {
    const { sftp, session } = silentChannel()
    const waiting = session.stat(remotePath.parse('pickup/a.edi'))
    expect(sftp.sent).toEqual(['stat pickup/a.edi'])
    sftp.emit('end')
    await expect(waiting).rejects.toMatchObject({ kind: 'connection-lost' })
  })

  it('fails at once a request made after the end, without sending it', async () => {
    const { sftp, session } = silentChannel()
    sftp.emit('end')
    await expect(session.stat(remotePath.parse('pickup/b.edi'))).rejects.toMatchObject({
      kind: 'connection-lost',
    })
    expect(sftp.sent).toEqual([])
  })

  it('takes a channel that had already ended before the session was made as ended', async () => {
    const { sftp, session } = silentChannel(true)
    await expect(session.stat(remotePath.parse('pickup/d.edi'))).rejects.toMatchObject({
      kind: 'connection-lost',
    })
    expect(sftp.sent).toEqual([])
    expect(session.isOpen).toBe(false)
  })

  it('fails the waiting requests when the connection closes too', async () => {
    const { client, session } = silentChannel()
    const waiting = session.stat(remotePath.parse('pickup/c.edi'))
    client.emit('close')
    await expect(waiting).rejects.toMatchObject({ kind: 'connection-lost' })
  })
})
