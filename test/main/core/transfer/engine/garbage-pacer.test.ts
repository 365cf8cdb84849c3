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
    // Made and dropped in a function of its own, so nothing here still refers to them.
    const makeGarbage = () => {
      for (let index = 0; index < 48; index += 1) Buffer.alloc(MIB, 1)
    }
    makeGarbage()
    const before = process.memoryUsage().arrayBuffers
    for (let block = 0; block < 64; block += 1) real.paceFor(MIB)
    const after = process.memoryUsage().arrayBuffers
    expect(before).toBeGreaterThan(40 * MIB)
    expect(after).toBeLessThan(before - 32 * MIB)
  })
})
