import { describe, expect, it } from 'vitest'
import { BufferPool } from '../../../../../src/main/core/transfer/engine/buffer-pool'

describe('BufferPool', () => {
  it('makes no more buffers than its capacity, and reuses those given back', async () => {
    const pool = new BufferPool(16, 2)
    const first = await pool.take()
    const second = await pool.take()
    expect(first).toHaveLength(16)
    expect(second).not.toBe(first)
    pool.give(first)
    expect(await pool.take()).toBe(first)
  })

  it('makes a take wait while every buffer is out, and hands it the next one given back', async () => {
    const pool = new BufferPool(8, 1)
    const only = await pool.take()
    let waited: Buffer | undefined
    const waiting = pool.take().then((buffer) => (waited = buffer))
    await new Promise((resolve) => setImmediate(resolve))
    expect(waited).toBeUndefined()
    pool.give(only)
    await waiting
    expect(waited).toBe(only)
  })

  it('fails every take, waiting or later, once aborted', async () => {
    const pool = new BufferPool(8, 1)
    await pool.take()
    const stopped = new Error('the transfer stopped')
    const waiting = pool.take()
    pool.abort(stopped)
    await expect(waiting).rejects.toBe(stopped)
    await expect(pool.take()).rejects.toBe(stopped)
  })

  it('puts the buffers in shared memory when a worker thread reads them too', async () => {
    expect((await new BufferPool(8, 1, true).take()).buffer).toBeInstanceOf(SharedArrayBuffer)
    expect((await new BufferPool(8, 1).take()).buffer).not.toBeInstanceOf(SharedArrayBuffer)
  })
})
