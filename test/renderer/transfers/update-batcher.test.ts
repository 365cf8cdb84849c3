import { describe, expect, it } from 'vitest'
import { UpdateBatcher } from '../../../src/renderer/transfers/update-batcher'

describe('UpdateBatcher', () => {
  it('hands over what arrived before the next frame at once, the latest of each item', () => {
    const frames: Array<() => void> = []
    const batches: Array<ReadonlyArray<{ id: string; bytes: number }>> = []
    const batcher = new UpdateBatcher<{ id: string; bytes: number }>(
      (batch) => batches.push(batch),
      (run) => frames.push(run),
    )
    for (let bytes = 0; bytes < 1000; bytes += 1) batcher.add({ id: `t${bytes % 10}`, bytes })
    expect(frames).toHaveLength(1)
    frames.shift()?.()
    expect(batches).toHaveLength(1)
    expect(batches[0]).toHaveLength(10)
    expect(batches[0]?.find((item) => item.id === 't3')?.bytes).toBe(993)
    batcher.add({ id: 't0', bytes: 1000 })
    frames.shift()?.()
    expect(batches.at(-1)).toEqual([{ id: 't0', bytes: 1000 }])
  })
})
