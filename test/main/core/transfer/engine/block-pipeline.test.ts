import { describe, expect, it } from 'vitest'
import {
  BlockPipeline,
  moveInRequests,
  type Block,
  type BlockPipelineOptions,
} from '../../../../../src/main/core/transfer/engine/block-pipeline'

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

/** A pipeline over [start, size) whose blocks are handed back as soon as they have moved. */
function pipelineOf(options: Partial<BlockPipelineOptions> & { size: number }) {
  const moved: Block[] = []
  const pipeline: BlockPipeline = new BlockPipeline({
    start: 0,
    blockBytes: 10,
    buffers: 4,
    moved: (block) => {
      moved.push(block)
      pipeline.release(block)
    },
    ...options,
  })
  return { pipeline, moved }
}

describe('BlockPipeline', () => {
  it('moves every block once, in file order, over lanes that join while it runs', async () => {
    const { pipeline, moved } = pipelineOf({ start: 5, size: 1000 })
    const carried: Record<string, number[]> = { first: [], second: [] }
    let inFlight = 0
    let most = 0
    const lane = (name: string, delay: number) => ({
      blocks: 2,
      move: async (block: Block) => {
        inFlight += 1
        most = Math.max(most, inFlight)
        carried[name]?.push(block.position)
        await tick(delay)
        inFlight -= 1
      },
    })
    pipeline.addLane(lane('first', 2))
    await tick(10)
    expect(pipeline.addLane(lane('second', 1))).toBe(true)
    await pipeline.done()
    expect(moved.map((block) => block.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, index) => 5 + index * 10),
    )
    expect(moved.find((block) => block.position === 995)?.length).toBe(5)
    expect(carried.second?.length).toBeGreaterThan(0)
    expect(most).toBeLessThanOrEqual(4)
    // Once done, a lane has nothing left to do.
    expect(pipeline.addLane(lane('second', 1))).toBe(false)
  })

  it('never has more buffers out than it was given: a block waits for one to be released', async () => {
    const held: Block[] = []
    const pipeline: BlockPipeline = new BlockPipeline({
      start: 0,
      size: 100,
      blockBytes: 10,
      buffers: 3,
      moved: (block) => held.push(block),
    })
    pipeline.addLane({ blocks: 5, move: async () => {} })
    await tick(5)
    expect(held).toHaveLength(3)
    for (let released = 0; released < 10; released += 1) {
      const block = held.shift()
      if (block) pipeline.release(block)
      await tick()
    }
    await pipeline.done()
    expect(new Set(held.map((block) => block.buffer)).size).toBeLessThanOrEqual(3)
  })

  it('fills blocks one after another in file order, whatever each fill takes', async () => {
    const filled: number[] = []
    const { pipeline } = pipelineOf({
      size: 60,
      fill: async (block) => {
        await tick(block.position === 0 ? 20 : 1)
        filled.push(block.position)
      },
    })
    pipeline.addLane({ blocks: 3, move: async () => {} })
    await pipeline.done()
    expect(filled).toEqual([0, 10, 20, 30, 40, 50])
  })

  it('stops at the first failure: nothing starts after it, and done rejects once all returned', async () => {
    const { pipeline } = pipelineOf({ size: 1000 })
    const started: number[] = []
    let returned = 0
    pipeline.addLane({
      blocks: 3,
      move: async (block) => {
        started.push(block.position)
        await tick(block.position === 20 ? 1 : 10)
        returned += 1
        if (block.position === 20) throw new Error('gone')
      },
    })
    await expect(pipeline.done()).rejects.toThrow('gone')
    expect(returned).toBe(started.length)
    expect(started.length).toBeLessThan(10)
  })

  it('stops when cancelled, and is done at once with nothing to move', async () => {
    const controller = new AbortController()
    const { pipeline } = pipelineOf({ size: 1000, signal: controller.signal })
    pipeline.addLane({
      blocks: 1,
      move: async (block) => {
        if (block.position === 30) controller.abort()
      },
    })
    await expect(pipeline.done()).rejects.toMatchObject({ kind: 'cancelled' })
    await pipelineOf({ start: 10, size: 10 }).pipeline.done()
  })
})

describe('moveInRequests', () => {
  it('sends all requests of a block at once and asks again for the rest of a short one', async () => {
    const block: Block = { position: 0, length: 25, buffer: Buffer.alloc(25) }
    const asked: Array<[number, number]> = []
    let outstanding = 0
    let most = 0
    await moveInRequests(block, 10, async (offset, length) => {
      asked.push([offset, length])
      outstanding += 1
      most = Math.max(most, outstanding)
      await tick()
      outstanding -= 1
      return offset === 10 ? 4 : length
    })
    expect(most).toBe(3)
    expect(asked).toEqual([
      [0, 10],
      [10, 10],
      [20, 5],
      [14, 6],
    ])
  })

  it('waits for every request before failing with the first failure', async () => {
    const block: Block = { position: 0, length: 30, buffer: Buffer.alloc(30) }
    let returned = 0
    const moving = moveInRequests(block, 10, async (offset, length) => {
      await tick(offset === 0 ? 1 : 10)
      returned += 1
      if (offset === 0) throw new Error('refused')
      return length
    })
    await expect(moving).rejects.toThrow('refused')
    expect(returned).toBe(3)
  })
})
