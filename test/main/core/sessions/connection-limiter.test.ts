import { describe, expect, it } from 'vitest'
import { ConnectionLimiter } from '../../../../src/main/core/sessions/connection-limiter'

describe('ConnectionLimiter', () => {
  it('lets 3 new connections a "minute" start, the 4th once the first leaves the minute', async () => {
    const limiter = new ConnectionLimiter({ perMinute: 3, open: 20, minuteMs: 400 })
    const started = Date.now()
    const at: number[] = []
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        await limiter.acquire('gw.example')
        at.push(Date.now() - started)
      }),
    )
    expect(at.slice(0, 3).every((ms) => ms < 200)).toBe(true)
    expect(at[3]).toBeGreaterThanOrEqual(390)
  })

  it('keeps at most the open limit at once, and counts each host apart', async () => {
    const limiter = new ConnectionLimiter({ perMinute: 100, open: 2, minuteMs: 60_000 })
    const first = await limiter.acquire('gw.example')
    await limiter.acquire('gw.example')
    let third = false
    const waiting = limiter.acquire('gw.example').then(() => (third = true))
    await limiter.acquire('other.example')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(third).toBe(false)
    first()
    first() // releasing twice frees one place, not two
    await waiting
    expect(third).toBe(true)
  })

  it("keeps to a gateway's lower limits where its preset gives them", async () => {
    const limiter = new ConnectionLimiter({ perMinute: 20, open: 20, minuteMs: 60_000 })
    const lower = { perMinute: 20, open: 1 }
    const first = await limiter.acquire('gw.example', undefined, lower)
    let second = false
    const waiting = limiter.acquire('gw.example', undefined, lower).then(() => (second = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(second).toBe(false)
    first()
    await waiting
    expect(second).toBe(true)
  })

  it('stops waiting when cancelled', async () => {
    const limiter = new ConnectionLimiter({ perMinute: 1, open: 20, minuteMs: 60_000 })
    await limiter.acquire('gw.example')
    const controller = new AbortController()
    const waiting = limiter.acquire('gw.example', controller.signal)
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' })
  })
})
