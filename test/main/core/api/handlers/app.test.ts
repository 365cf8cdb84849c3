import { afterEach, describe, expect, it } from 'vitest'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

describe('app:info', () => {
  let core: MemoryMailroom | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
  })

  it('names the transport and whether it has native dialogs', async () => {
    core = memoryMailroom({ transport: 'cli', version: '1.2.3' })
    expect(await core.app.dispatch('app:info', {})).toMatchObject({
      ok: true,
      value: { version: '1.2.3', transport: 'cli', nativeDialogs: false },
    })
    await core.close()
    core = memoryMailroom({
      transport: 'electron',
      version: '1.2.3',
      chooseFolder: async () => null,
    })
    expect(await core.app.dispatch('app:info', {})).toMatchObject({
      ok: true,
      value: { transport: 'electron', nativeDialogs: true },
    })
  })
})
