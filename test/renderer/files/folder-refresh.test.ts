import { describe, expect, it } from 'vitest'
import { FolderRefresh } from '../../../src/renderer/files/folder-refresh'
import type { ProfileId, Transfer, TransferId } from '../../../src/shared/domain'
import { remotePath } from '../../../src/shared/remote-path'

const transfer = (id: string, path: string, state: Transfer['state']): Transfer => ({
  id: id as TransferId,
  profileId: 'profile-0001' as ProfileId,
  direction: 'pickup',
  name: path.split('/').pop() ?? path,
  remotePath: remotePath.parse(path),
  localPath: `/in/${id}`,
  totalBytes: 10,
  transferredBytes: state === 'done' ? 10 : 0,
  state,
  startedAt: 1,
  ...(state === 'done' || state === 'failed' ? { finishedAt: 2 } : {}),
})

describe('FolderRefresh', () => {
  it('lists the shown folder once, when the last transfer of a batch inside it has finished', () => {
    const refresh = new FolderRefresh(remotePath.parse('AS2/files/S/P/inbox'))
    const ids = Array.from({ length: 1000 }, (_, index) => `t${index}`)
    const path = (id: string) => `AS2/files/S/P/inbox/2026120100000${id}-1/${id}.pdf`
    const listings = [
      ...ids.map((id) => refresh.update(transfer(id, path(id), 'queued'))),
      ...ids.map((id) => refresh.update(transfer(id, path(id), 'running'))),
      ...ids.map((id, index) =>
        refresh.update(transfer(id, path(id), index === 3 ? 'failed' : 'done')),
      ),
    ].filter(Boolean)
    expect(listings).toHaveLength(1)
  })

  it('ignores transfers elsewhere, and lists nothing for a batch that only failed', () => {
    const refresh = new FolderRefresh(remotePath.parse('pickup'))
    expect(refresh.update(transfer('a', 'input/a.xml', 'running'))).toBe(false)
    expect(refresh.update(transfer('a', 'input/a.xml', 'done'))).toBe(false)
    expect(refresh.update(transfer('b', 'pickup/b.xml', 'running'))).toBe(false)
    expect(refresh.update(transfer('b', 'pickup/b.xml', 'failed'))).toBe(false)
    expect(refresh.update(transfer('c', 'pickup/c.xml', 'done'))).toBe(true)
  })
})
