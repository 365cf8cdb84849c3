import { describe, expect, it } from 'vitest'
import { listMailboxFiles } from '../../../../src/main/core/mailbox/list-mailbox-files'
import type { RemoteEntry } from '../../../../src/shared/domain'
import { remotePath, type RemotePath } from '../../../../src/shared/remote-path'

/**
 * An MFT Gateway inbox of message folders, each answered after a delay, as over a slow link;
 * it counts how many listings are outstanding at once.
 */
function slowInbox(messages: number) {
  let outstanding = 0
  let most = 0
  const entry = (path: string, kind: RemoteEntry['kind']): RemoteEntry =>
    ({ path, name: path.split('/').pop() ?? path, kind, size: 4096, modifiedAt: 1 }) as RemoteEntry
  const session = {
    list: async (folder: RemotePath) => {
      outstanding += 1
      most = Math.max(most, outstanding)
      await new Promise((resolve) => setTimeout(resolve, 5))
      outstanding -= 1
      if (folder === 'inbox')
        return [
          entry('inbox/loose.edi', 'file'),
          ...Array.from({ length: messages }, (_, index) =>
            entry(`inbox/20261201${String(index).padStart(6, '0')}-${index}`, 'directory'),
          ),
        ]
      return [entry(`${folder}/invoice.pdf`, 'file'), entry(`${folder}/sub`, 'directory')]
    },
  }
  return { session, most: () => most }
}

describe('listMailboxFiles', () => {
  it('reads message folders several at a time, and lists their files in the folder order', async () => {
    const inbox = slowInbox(100)
    const files = await listMailboxFiles(inbox.session, remotePath.parse('inbox'), true)
    expect(inbox.most()).toBeGreaterThan(1)
    expect(inbox.most()).toBeLessThanOrEqual(16)
    expect(files).toHaveLength(101)
    expect(files[0]).toMatchObject({ name: 'loose.edi', message: null })
    expect(files.slice(1).map((file) => file.message)).toEqual(
      Array.from(
        { length: 100 },
        (_, index) => `20261201${String(index).padStart(6, '0')}-${index}`,
      ),
    )
    expect(files.every((file, index) => index === 0 || file.name === 'invoice.pdf')).toBe(true)
  })

  it('does not look inside folders of a send mailbox', async () => {
    const inbox = slowInbox(3)
    const files = await listMailboxFiles(inbox.session, remotePath.parse('inbox'), false)
    expect(files.map((file) => file.name)).toEqual(['loose.edi'])
    expect(inbox.most()).toBe(1)
  })
})
