import type { FileEntryWithStats, SFTPWrapper } from 'ssh2'
import { describe, expect, it } from 'vitest'
import { readDirectory } from '../../../../src/main/core/sftp/read-directory'

type Reply = readonly string[] | Error

const eof = () => Object.assign(new Error('No more files'), { code: 1 })
const denied = () => Object.assign(new Error('Permission denied'), { code: 3 })

/**
 * A folder handle whose READDIRs are answered by request number (`replies[k]` to the k-th; EOF
 * after the last), each turn's replies delivered in reverse order: a server in order whose
 * callbacks run out of order. `held` replies wait until `release` is called.
 */
function folderChannel(replies: readonly Reply[], held: readonly number[] = []) {
  const counts = { sent: 0, outstanding: 0, most: 0 }
  let pending: Array<() => void> = []
  const waiting: Array<() => void> = []
  const flush = () => {
    const turn = pending.reverse()
    pending = []
    for (const answer of turn) answer()
  }
  const sftp = {
    readdir(
      handle: Buffer,
      callback: (error: Error | undefined, list?: FileEntryWithStats[]) => void,
    ) {
      expect(handle.toString()).toBe('dir-handle')
      const index = counts.sent
      counts.sent += 1
      counts.outstanding += 1
      counts.most = Math.max(counts.most, counts.outstanding)
      const reply = replies[index] ?? eof()
      const answer = () => {
        counts.outstanding -= 1
        if (reply instanceof Error) callback(reply)
        else
          callback(
            undefined,
            reply.map(
              (name) => ({ filename: name, longname: name, attrs: {} }) as FileEntryWithStats,
            ),
          )
      }
      if (held.includes(index)) waiting.push(answer)
      else {
        if (pending.length === 0) setImmediate(flush)
        pending.push(answer)
      }
    },
  }
  return {
    sftp: sftp as unknown as SFTPWrapper,
    counts,
    release: () => waiting.splice(0).forEach((answer) => answer()),
  }
}

const HANDLE = Buffer.from('dir-handle')
const names = (entries: readonly FileEntryWithStats[]) => entries.map((entry) => entry.filename)

describe('readDirectory', () => {
  it('takes the batches in request order whatever order the replies come in', async () => {
    const batches = [['a', 'b'], ['c'], ['d', 'e'], ['f'], ['g']]
    const { sftp, counts } = folderChannel(batches)
    const seen: string[][] = []
    const entries = await readDirectory(sftp, HANDLE, {
      requestsInFlight: 3,
      onBatch: (batch) => seen.push(names(batch)),
    })
    expect(names(entries)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'])
    expect(seen).toEqual(batches)
    expect(counts.most).toBe(3)
    // No request after the first EOF in request order: at most the window's worth past the end.
    expect(counts.sent).toBeGreaterThan(batches.length)
    expect(counts.sent).toBeLessThanOrEqual(batches.length + 3)
    expect(counts.outstanding).toBe(0)
  })

  it('reads batch after batch with one request in flight', async () => {
    const { sftp, counts } = folderChannel([['a'], ['b'], ['c']])
    const entries = await readDirectory(sftp, HANDLE, { requestsInFlight: 1 })
    expect(names(entries)).toEqual(['a', 'b', 'c'])
    expect(counts).toEqual({ sent: 4, outstanding: 0, most: 1 })
  })

  it('returns only once every request sent has been answered, so the handle can be closed', async () => {
    // The third request (after the end) is answered late.
    const { sftp, counts, release } = folderChannel([['a']], [2])
    let done = false
    const listing = readDirectory(sftp, HANDLE, { requestsInFlight: 4 }).then((entries) => {
      done = true
      return entries
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(done).toBe(false)
    expect(counts.outstanding).toBe(1)
    release()
    expect(names(await listing)).toEqual(['a'])
  })

  it('still takes a batch answered after the EOF of an earlier request (a server out of order)', async () => {
    const { sftp } = folderChannel([['a'], eof(), ['late']])
    const entries = await readDirectory(sftp, HANDLE, { requestsInFlight: 4 })
    expect(names(entries)).toEqual(['a', 'late'])
  })

  it('fails with the first error in request order, not the first to arrive', async () => {
    const first = denied()
    const second = new Error('later failure')
    const { sftp, counts } = folderChannel([['a'], first, second])
    await expect(readDirectory(sftp, HANDLE, { requestsInFlight: 3 })).rejects.toBe(first)
    expect(counts.outstanding).toBe(0)
  })

  it('stops between batches once aborted, with cancelled, after the requests out are answered', async () => {
    const controller = new AbortController()
    const { sftp, counts } = folderChannel([['a'], ['b'], ['c'], ['d'], ['e'], ['f']])
    const seen: string[][] = []
    await expect(
      readDirectory(sftp, HANDLE, {
        requestsInFlight: 2,
        signal: controller.signal,
        onBatch: (batch) => {
          seen.push(names(batch))
          controller.abort()
        },
      }),
    ).rejects.toMatchObject({ kind: 'cancelled' })
    expect(seen).toEqual([['a']])
    expect(counts.sent).toBe(2)
    expect(counts.outstanding).toBe(0)
  })

  it('sends nothing when aborted before it starts', async () => {
    const controller = new AbortController()
    controller.abort()
    const { sftp, counts } = folderChannel([['a']])
    await expect(
      readDirectory(sftp, HANDLE, { requestsInFlight: 4, signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'cancelled' })
    expect(counts.sent).toBe(0)
  })

  it("fails with onBatch's error, and takes no batch after it", async () => {
    const broken = new Error('the listing view failed')
    const { sftp } = folderChannel([['a'], ['b'], ['c']])
    const seen: string[][] = []
    await expect(
      readDirectory(sftp, HANDLE, {
        requestsInFlight: 3,
        onBatch: (batch) => {
          seen.push(names(batch))
          throw broken
        },
      }),
    ).rejects.toBe(broken)
    expect(seen).toEqual([['a']])
  })

  it.each([0, -1, 1.5, NaN])('refuses %s requests in flight', (requestsInFlight) => {
    const { sftp, counts } = folderChannel([])
    expect(() => readDirectory(sftp, HANDLE, { requestsInFlight })).toThrow(RangeError)
    expect(counts.sent).toBe(0)
  })
})
