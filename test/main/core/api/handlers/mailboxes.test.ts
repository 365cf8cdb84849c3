import { afterEach, describe, expect, it } from 'vitest'
import { mailboxHandlers } from '../../../../../src/main/core/api/handlers/mailboxes'
import { EventBus } from '../../../../../src/main/core/events/event-bus'
import type { ProfileStore } from '../../../../../src/main/core/profiles/profile-store'
import type {
  SessionLog,
  SessionLogInput,
} from '../../../../../src/main/core/session-log/session-log'
import type { SessionManager } from '../../../../../src/main/core/sessions/session-manager'
import type { ListControl } from '../../../../../src/main/core/sftp/sftp-session'
import type { ProfileId } from '../../../../../src/shared/domain'
import { remotePath } from '../../../../../src/shared/remote-path'
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

describe('mailboxes:list-files with names no path can address', () => {
  it('lists the rest and tells the session log once, with the names cut short', async () => {
    const recorded: SessionLogInput[] = []
    const long = `${'y'.repeat(5_000)}.xml`
    const handlers = mailboxHandlers({
      sessions: {
        current: async () => ({
          list: async (_path: string, control: ListControl = {}) => {
            control.onSkipped?.('a/b.xml', 'the name contains "/"')
            control.onSkipped?.(long, 'the path would be longer than 4096 characters')
            return [{ name: 'ok.xml', path: 'pickup/ok.xml', kind: 'file', size: 3, modifiedAt: 1 }]
          },
        }),
      } as unknown as SessionManager,
      profiles: {} as ProfileStore,
      events: new EventBus(),
      sessionLog: {
        record: (input: SessionLogInput) => void recorded.push(input),
      } as unknown as SessionLog,
    })
    const files = await handlers['mailboxes:list-files']({
      profileId: 'profile-1' as ProfileId,
      path: remotePath.parse('pickup'),
      receive: false,
    })
    expect(files.map((file) => file.name)).toEqual(['ok.xml'])
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({
      level: 'warn',
      category: 'mailbox',
      profileId: 'profile-1',
    })
    expect(recorded[0]?.message).toContain('2 names in pickup left out')
    expect(recorded[0]?.message).toContain('a/b.xml (the name contains "/")')
    expect(recorded[0]?.message).toContain(`${'y'.repeat(77)}… (the path would be longer`)
    expect(recorded[0]?.message.length).toBeLessThan(500)
  })
})
