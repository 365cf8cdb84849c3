import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PickupJournal } from '../../../../../src/main/core/pickup/pickup-journal'
import { MailroomStore } from '../../../../../src/main/core/store/mailroom-store'
import type { Platform } from '../../../../../src/main/core/app/platform'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

describe('the pickup calls', () => {
  let core: MemoryMailroom | undefined
  let store: MailroomStore | undefined
  afterEach(async () => {
    store?.close()
    store = undefined
    await core?.close()
    core = undefined
  })
  /** Records in core's own journal a file picked up and saved at `localPath`. */
  const pickedUp = async (mailroom: MemoryMailroom, profileId: string, localPath: string) => {
    store = MailroomStore.open(join(mailroom.dataDir, 'mailroom.db'))
    const journal = new PickupJournal(store)
    const id = 'file-1'
    await journal.append({
      step: 'listed',
      id,
      profileId,
      remotePath: 'pickup/INVOICE.xml',
      size: 10,
      modifiedAt: 1_000,
      localFolder: '/in',
      at: 1,
    })
    await journal.append({ step: 'verified', id, sha256: 'sha', at: 2 })
    await journal.append({ step: 'saved', id, localPath, sha256: 'sha', at: 3 })
  }
  const desktop = (shown: string[]): Platform => ({
    transport: 'electron',
    version: 'test',
    showInFolder: (path) => shown.push(path),
  })

  it('shows a picked-up file in its folder, and no file the pickup history does not hold', async () => {
    const shown: string[] = []
    core = memoryMailroom(desktop(shown))
    const profile = await core.profile()
    await pickedUp(core, profile.id, '/in/INVOICE.xml')

    expect(await core.app.dispatch('pickup:show-in-folder', { localPath: '/etc/passwd' })).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'That file is not in the pickup history.' },
    })
    expect(shown).toEqual([])
    expect(
      await core.app.dispatch('pickup:show-in-folder', { localPath: '/in/INVOICE.xml' }),
    ).toEqual({ ok: true, value: null })
    expect(shown).toEqual(['/in/INVOICE.xml'])
  })

  it('says where the file is when the platform cannot show files', async () => {
    core = memoryMailroom()
    const profile = await core.profile()
    await pickedUp(core, profile.id, '/in/INVOICE.xml')
    expect(
      await core.app.dispatch('pickup:show-in-folder', { localPath: '/in/INVOICE.xml' }),
    ).toEqual({
      ok: false,
      error: {
        kind: 'not-supported',
        message: 'Showing files needs the desktop app. The file is at /in/INVOICE.xml',
      },
    })
  })

  it('lists the saved file in the pickup history', async () => {
    core = memoryMailroom()
    const profile = await core.profile()
    await pickedUp(core, profile.id, '/in/INVOICE.xml')
    expect(await core.app.dispatch('pickup:history', {})).toMatchObject({
      ok: true,
      value: [{ localPath: '/in/INVOICE.xml', remotePath: 'pickup/INVOICE.xml' }],
    })
  })
})
