import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventBus } from '../../../../src/main/core/events/event-bus'
import type { Logger } from '../../../../src/main/core/logging/logger'
import { NewFileWatch } from '../../../../src/main/core/mailbox/new-file-watch'
import { ProfileStore } from '../../../../src/main/core/profiles/profile-store'
import type { SessionManager } from '../../../../src/main/core/sessions/session-manager'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import { profileInput, type ProfileId, type RemoteEntry } from '../../../../src/shared/domain'
import type { EventPayload } from '../../../../src/shared/api-contract'
import { remotePath, type RemotePath } from '../../../../src/shared/remote-path'
import { MemorySettings } from '../../../fixtures/memory-settings'

const MINUTE = 1000

/**
 * A watch over one Generic SFTP profile with a send folder "out" and receive folders "in" and
 * "in2", on a stand-in session whose folders hold as many files as `files` says; the session
 * manager can drop the connection and end it, and every event, pickup and warning is kept.
 */
function watched(options: { checkEveryMinutes?: number; autoPickup?: boolean } = {}) {
  const files = new Map<string, number>([
    ['out', 0],
    ['in', 0],
    ['in2', 0],
  ])
  const profiles = new ProfileStore(new SettingsFileStore(new MemorySettings()))
  const profile = profiles.save(
    undefined,
    profileInput.parse({
      name: 'Partner Oy',
      preset: 'generic',
      group: '',
      host: 'sftp.partner.example',
      port: 22,
      username: 'me',
      keyId: null,
      sendFolders: ['out'],
      receiveFolders: ['in', 'in2'],
      checkEveryMinutes: options.checkEveryMinutes ?? 1,
      autoPickup: options.autoPickup ?? false,
    }),
  )
  let open = true
  const listed: string[] = []
  const session = {
    list: async (folder: RemotePath): Promise<RemoteEntry[]> => {
      listed.push(folder)
      return Array.from({ length: files.get(folder) ?? 0 }, (_, index) => ({
        name: `f${index}`,
        path: remotePath.parse(`${folder}/f${index}`),
        kind: 'file' as const,
        size: 1,
        modifiedAt: 0,
      }))
    },
  }
  const endListeners = new Set<(profileId: ProfileId) => void>()
  const sessions = {
    sessionIfOpen: () => (open ? session : undefined),
    onEnded: (listener: (profileId: ProfileId) => void) => {
      endListeners.add(listener)
      return () => endListeners.delete(listener)
    },
  }
  const events = new EventBus()
  const found: Array<EventPayload<'mailbox:new-files'>> = []
  events.subscribe((event) => {
    if (event.name === 'mailbox:new-files') found.push(event.payload)
  })
  const warnings: Array<[string, unknown]> = []
  const logger: Logger = {
    info() {},
    error() {},
    warn: (message, context) => warnings.push([message, context]),
  }
  const pickedUp: Array<[ProfileId, RemotePath, string]> = []
  const pickUp = vi.fn(async (profileId: ProfileId, mailboxPath: RemotePath, partner: string) => {
    pickedUp.push([profileId, mailboxPath, partner])
  })
  const watch = new NewFileWatch({
    sessions: sessions as unknown as SessionManager,
    profiles,
    events,
    logger,
    pickUpMailbox: pickUp,
    minuteMs: MINUTE,
  })
  return {
    watch,
    profileId: profile.id,
    files,
    found,
    pickedUp,
    pickUp,
    warnings,
    listed,
    endListeners,
    drop: () => (open = false),
    reconnect: () => (open = true),
    end: () => endListeners.forEach((listener) => listener(profile.id)),
  }
}

describe('NewFileWatch', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('counts what is waiting when it starts, then reports each receive mailbox whose count went up', async () => {
    const watch = watched({ checkEveryMinutes: 2 })
    watch.files.set('in', 3)
    watch.watch.start(watch.profileId)
    await vi.advanceTimersByTimeAsync(0)
    expect(watch.found).toEqual([])
    expect(watch.listed).toEqual(['out', 'in', 'in2'])

    watch.files.set('in', 5)
    watch.files.set('in2', 1)
    watch.files.set('out', 9)
    await vi.advanceTimersByTimeAsync(2 * MINUTE - 1)
    expect(watch.found).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(watch.found).toEqual([
      {
        profileId: watch.profileId,
        mailboxPath: 'in',
        partner: 'Partner Oy',
        count: 2,
        autoPickup: false,
      },
      {
        profileId: watch.profileId,
        mailboxPath: 'in2',
        partner: 'Partner Oy',
        count: 1,
        autoPickup: false,
      },
    ])
    expect(watch.pickUp).not.toHaveBeenCalled()

    // Fewer files (picked up elsewhere), then as many: nothing new to report.
    watch.files.set('in', 1)
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    watch.files.set('in', 1)
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    expect(watch.found).toHaveLength(2)
    // More than the last count, not more than the first: new again.
    watch.files.set('in', 2)
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    expect(watch.found.at(-1)).toMatchObject({ mailboxPath: 'in', count: 1 })
    watch.watch.stopAll()
  })

  it('picks up a mailbox with new files when the profile asks for it', async () => {
    const watch = watched({ autoPickup: true })
    watch.watch.start(watch.profileId)
    await vi.advanceTimersByTimeAsync(0)
    watch.files.set('in2', 4)
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(watch.found).toEqual([
      expect.objectContaining({ mailboxPath: 'in2', count: 4, autoPickup: true }),
    ])
    expect(watch.pickedUp).toEqual([[watch.profileId, 'in2', 'Partner Oy']])
    watch.watch.stopAll()
  })

  it('does nothing for a profile that does not check', async () => {
    const watch = watched({ checkEveryMinutes: 0 })
    watch.watch.start(watch.profileId)
    await vi.advanceTimersByTimeAsync(10 * MINUTE)
    expect(watch.listed).toEqual([])
    expect(watch.endListeners.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('skips checks while the connection is down, and compares with the count before the drop', async () => {
    const watch = watched()
    watch.files.set('in', 2)
    watch.watch.start(watch.profileId)
    await vi.advanceTimersByTimeAsync(0)
    watch.drop()
    watch.files.set('in', 3)
    await vi.advanceTimersByTimeAsync(3 * MINUTE)
    expect(watch.listed).toHaveLength(3)
    expect(watch.found).toEqual([])
    watch.reconnect()
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(watch.found).toEqual([expect.objectContaining({ mailboxPath: 'in', count: 1 })])
    watch.watch.stopAll()
  })

  it('logs a failed check and carries on', async () => {
    const watch = watched({ autoPickup: true })
    watch.pickUp.mockRejectedValueOnce(new Error('disk full'))
    watch.watch.start(watch.profileId)
    await vi.advanceTimersByTimeAsync(0)
    watch.files.set('in', 1)
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(watch.warnings).toEqual([
      [
        'Checking for new files failed',
        { profileId: watch.profileId, reason: 'Unexpected error: disk full' },
      ],
    ])
    watch.files.set('in', 2)
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(watch.pickUp).toHaveBeenCalledTimes(2)
    watch.watch.stopAll()
  })

  it('stops when the connection ends for good, when told to, and when started again', async () => {
    const watch = watched()
    watch.watch.start(watch.profileId)
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(1)
    watch.end()
    expect(vi.getTimerCount()).toBe(0)
    expect(watch.endListeners.size).toBe(0)
    const listings = watch.listed.length
    await vi.advanceTimersByTimeAsync(5 * MINUTE)
    expect(watch.listed).toHaveLength(listings)

    // Started twice: one timer, one listener, and a new starting count.
    watch.watch.start(watch.profileId)
    watch.watch.start(watch.profileId)
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(1)
    expect(watch.endListeners.size).toBe(1)
    watch.watch.stop(watch.profileId)
    expect(vi.getTimerCount()).toBe(0)
    expect(watch.endListeners.size).toBe(0)
  })
})
