import { describe, expect, it } from 'vitest'
import { GroupCommit } from '../../../../src/main/core/store/group-commit'

describe('GroupCommit', () => {
  it('commits the steps appended in one turn of the event loop together, in order', async () => {
    const commits: number[][] = []
    const steps = new GroupCommit<number>((batch) => commits.push([...batch]))
    const first = [steps.append(1), steps.append(2), steps.append(3)]
    expect(commits).toEqual([])
    await Promise.all(first)
    await steps.append(4)
    expect(commits).toEqual([[1, 2, 3], [4]])
  })

  it('resolves a step only once it is committed, and rejects every step of a failed commit', async () => {
    let fail = true
    const steps = new GroupCommit<string>(() => {
      if (fail) throw new Error('disk full')
    })
    const results = await Promise.allSettled([steps.append('a'), steps.append('b')])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    fail = false
    await expect(steps.append('c')).resolves.toBeUndefined()
  })

  it('flush commits what waits at once, so a read sees it', () => {
    const commits: string[][] = []
    const steps = new GroupCommit<string>((batch) => commits.push([...batch]))
    void steps.append('a')
    steps.flush()
    expect(commits).toEqual([['a']])
    steps.flush()
    expect(commits).toEqual([['a']])
  })
})
