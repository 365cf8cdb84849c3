import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../../../../src/shared/domain'
import { valueOf } from '../../../../fixtures/connected-mailroom'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

describe('the settings calls', () => {
  let core: MemoryMailroom | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
  })

  it('changes only the settings named, and keeps them for the next read', async () => {
    core = memoryMailroom()
    const before = valueOf<Settings>(await core.app.dispatch('settings:get', {}))
    const after = valueOf<Settings>(
      await core.app.dispatch('settings:update', { pickupFolder: '/data/in' }),
    )
    expect(after).toEqual({ ...before, pickupFolder: '/data/in' })
    expect(await core.app.dispatch('settings:get', {})).toEqual({ ok: true, value: after })
  })
})
