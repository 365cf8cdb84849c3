import { afterEach, describe, expect, it } from 'vitest'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

describe('the dialog calls', () => {
  let core: MemoryMailroom | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
  })

  it('says the web UI has no file dialogs, for each of the three', async () => {
    core = memoryMailroom()
    const refused = {
      ok: false,
      error: {
        kind: 'not-supported',
        message: 'File dialogs are not available in the web UI: type the path instead.',
      },
    }
    expect(await core.app.dispatch('dialog:choose-folder', { title: 'Pick up into' })).toEqual(
      refused,
    )
    expect(await core.app.dispatch('dialog:choose-file', { title: 'Import key' })).toEqual(refused)
    expect(
      await core.app.dispatch('dialog:save-file', { title: 'Export', defaultName: 'id.pub' }),
    ).toEqual(refused)
  })

  it('opens the native dialogs with the title asked for, and gives back what was chosen', async () => {
    const asked: string[] = []
    core = memoryMailroom({
      transport: 'electron',
      version: 'test',
      chooseFolder: async (title) => (asked.push(`folder: ${title}`), '/chosen/folder'),
      chooseFile: async (title) => (asked.push(`file: ${title}`), null),
      chooseSaveFile: async (title, name) => (asked.push(`save: ${title} ${name}`), '/out/id.pub'),
    })
    expect(await core.app.dispatch('dialog:choose-folder', { title: 'Pick up into' })).toEqual({
      ok: true,
      value: '/chosen/folder',
    })
    expect(await core.app.dispatch('dialog:choose-file', { title: 'Import key' })).toEqual({
      ok: true,
      value: null,
    })
    expect(
      await core.app.dispatch('dialog:save-file', { title: 'Export', defaultName: 'id.pub' }),
    ).toEqual({ ok: true, value: '/out/id.pub' })
    expect(asked).toEqual(['folder: Pick up into', 'file: Import key', 'save: Export id.pub'])
  })
})
