import { describe, expect, it } from 'vitest'
import { GarbagePacer } from '../../../../../src/main/core/transfer/engine/garbage-pacer'

const MIB = 1024 * 1024

describe('GarbagePacer', () => {
  const pacer = (buffers: () => number) => {
    const collections: string[] = []
    const paced = new GarbagePacer({
      collect: ({ type }) => collections.push(type),
      bufferBytes: buffers,
    })
    return { paced, collections }
  }

  it('collects the young generation once buffers pile up past 24 MiB, looking every 4 MiB moved', () => {
    let held = 10 * MIB
    const { paced, collections } = pacer(() => held)
    for (let block = 0; block < 8; block += 1) paced.paceFor(MIB)
    expect(collections).toEqual([])
    held = 30 * MIB
    for (let block = 0; block < 3; block += 1) paced.paceFor(MIB)
    expect(collections).toEqual([])
    paced.paceFor(MIB)
    expect(collections).toEqual(['minor'])
  })

  it('adds a full collection at most every 64 MiB, when a young one does not free the buffers', () => {
    const { paced, collections } = pacer(() => 40 * MIB)
    for (let block = 0; block < 128; block += 1) paced.paceFor(MIB)
    expect(collections.filter((type) => type === 'major')).toHaveLength(2)
    expect(collections.filter((type) => type === 'minor')).toHaveLength(32)
  })

  it('asks nothing where no collection can be asked for', () => {
    let looked = 0
    const paced = new GarbagePacer({
      collect: undefined,
      bufferBytes: () => {
        looked += 1
        return 100 * MIB
      },
    })
    for (let block = 0; block < 16; block += 1) paced.paceFor(MIB)
    expect(looked).toBe(0)
  })

  it("gets V8's collector in this runtime, and collecting frees dead buffers", () => {
    const real = new GarbagePacer()
    // Held until measured: dropped at once, V8 could collect some of them on its own first
    // (another test file's garbage in the same worker brings it to its limit), and this failed
    // now and then on a busy machine. Held, they may leave the young generation: the pacer's
    // full collection (after 64 MiB paced) must then free them.
    let garbage: Buffer[] | undefined = Array.from({ length: 48 }, () => Buffer.alloc(MIB, 1))
    const before = process.memoryUsage().arrayBuffers
    // Not through expect(), which would keep a reference to them.
    if (garbage.length !== 48) throw new Error('the garbage was not made')
    garbage = undefined
    for (let block = 0; block < 64; block += 1) real.paceFor(MIB)
    const after = process.memoryUsage().arrayBuffers
    expect(before).toBeGreaterThan(40 * MIB)
    expect(after).toBeLessThan(before - 32 * MIB)
  })
})
