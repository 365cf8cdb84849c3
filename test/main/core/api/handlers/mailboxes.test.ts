import { afterEach, describe, expect, it } from 'vitest'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

// Listing against a server is in test/integration (mailroom-flow, read-directory, hostile-names).
describe('the mailbox calls without a connection', () => {
  let core: MemoryMailroom | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
  })

  it('asks for a connection before discovering or listing', async () => {
    core = memoryMailroom()
    const { id: profileId } = await core.profile()
    for (const [name, input] of [
      ['mailboxes:discover', { profileId }],
      [
        'mailboxes:list-files',
        {
          profileId,
          path: 'pickup',
          receive: true,
          listingId: '00000000-0000-4000-8000-000000000001',
        },
      ],
      ['remote:list', { profileId, path: '' }],
    ] as const)
      expect(await core.app.dispatch(name, input)).toMatchObject({
        ok: false,
        error: { kind: 'not-connected' },
      })
  })

  it('takes the cancel of a listing that is not running (it may have just ended)', async () => {
    core = memoryMailroom()
    expect(
      await core.app.dispatch('mailboxes:cancel-listing', {
        listingId: '00000000-0000-4000-8000-000000000002',
      }),
    ).toEqual({
      ok: true,
      value: null,
    })
  })
})
