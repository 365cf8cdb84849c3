import { describe, expect, it } from 'vitest'
import { throwIfCancelled } from '../../../../../src/main/core/transfer/engine/transfer-control'

describe('throwIfCancelled', () => {
  it('goes on without a signal, or with one not aborted', () => {
    expect(() => throwIfCancelled(undefined)).not.toThrow()
    expect(() => throwIfCancelled(new AbortController().signal)).not.toThrow()
  })

  it('stops with a cancelled error once the person has cancelled', () => {
    const controller = new AbortController()
    controller.abort()
    expect(() => throwIfCancelled(controller.signal)).toThrow(
      expect.objectContaining({ kind: 'cancelled', message: 'Cancelled.' }),
    )
  })
})
