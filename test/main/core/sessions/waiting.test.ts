import { afterEach, describe, expect, it, vi } from 'vitest'
import { pause, untilAborted } from '../../../../src/main/core/sessions/waiting'

describe('pause', () => {
  afterEach(() => vi.useRealTimers())

  it('waits the time given, then says it was not stopped', async () => {
    vi.useFakeTimers()
    let result: boolean | undefined
    void pause(1_000, new AbortController().signal).then((value) => (result = value))
    await vi.advanceTimersByTimeAsync(999)
    expect(result).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(result).toBe(true)
  })

  it('ends at once, false, when stopped meanwhile or before', async () => {
    vi.useFakeTimers()
    const controller = new AbortController()
    const waiting = pause(60_000, controller.signal)
    controller.abort()
    expect(await waiting).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
    expect(await pause(60_000, controller.signal)).toBe(false)
  })
})

describe('untilAborted', () => {
  it('is the promise itself without a signal, and its value or error with one', async () => {
    const promise = Promise.resolve(5)
    expect(untilAborted(promise, undefined)).toBe(promise)
    expect(await untilAborted(Promise.resolve('x'), new AbortController().signal)).toBe('x')
    const failure = new Error('failed')
    await expect(untilAborted(Promise.reject(failure), new AbortController().signal)).rejects.toBe(
      failure,
    )
  })

  it('fails cancelled as soon as the signal is aborted, or at once if it already was', async () => {
    const controller = new AbortController()
    const never = new Promise<never>(() => {})
    const waiting = untilAborted(never, controller.signal)
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled', message: 'Cancelled.' })
    await expect(untilAborted(never, controller.signal)).rejects.toMatchObject({
      kind: 'cancelled',
    })
  })
})
