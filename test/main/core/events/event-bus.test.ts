import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../../src/main/core/events/event-bus'
import type { EventPayload } from '../../../../src/shared/api-contract'
import type { ApiEvent } from '../../../../src/shared/transport'

const profileId = 'profile-0001' as EventPayload<'session:closed'>['profileId']

/** A payload with fields the contract does not name, as a careless emitter might pass one. */
const closedWithExtras = {
  profileId,
  reason: { kind: 'connection-lost', message: 'The link dropped.', stack: 'at secret.ts:1' },
  privateKeyPath: '/home/me/.ssh/id_ed25519',
} as unknown as EventPayload<'session:closed'>

describe('EventBus', () => {
  it('hands every listener the payload as the contract names it, with no other field, at any depth', () => {
    const bus = new EventBus()
    const first: ApiEvent[] = []
    const second: ApiEvent[] = []
    bus.subscribe((event) => first.push(event))
    bus.subscribe((event) => second.push(event))

    bus.emit('session:closed', closedWithExtras)

    const expected = {
      name: 'session:closed',
      payload: { profileId, reason: { kind: 'connection-lost', message: 'The link dropped.' } },
    }
    expect(first).toEqual([expected])
    expect(second).toEqual([expected])
  })

  it('throws on a payload the contract refuses, and no listener hears of it', () => {
    const bus = new EventBus()
    const heard: ApiEvent[] = []
    bus.subscribe((event) => heard.push(event))

    expect(() =>
      bus.emit('session:closed', { profileId: 'Not An Id' } as EventPayload<'session:closed'>),
    ).toThrow(/Not a profile id/)
    expect(() =>
      bus.emit('listing:progress', { listingId: 'l1' } as EventPayload<'listing:progress'>),
    ).toThrow(/count/)
    // A strict event refuses an unnamed field rather than dropping it.
    expect(() =>
      bus.emit('app:command', { command: 'refresh', extra: 1 } as EventPayload<'app:command'>),
    ).toThrow(/extra/)
    expect(heard).toEqual([])

    bus.emit('app:command', { command: 'refresh' })
    expect(heard).toEqual([{ name: 'app:command', payload: { command: 'refresh' } }])
  })

  it('stops calling a listener once it unsubscribes, and only that one', () => {
    const bus = new EventBus()
    const kept: string[] = []
    const left: string[] = []
    bus.subscribe((event) => kept.push(event.name))
    const unsubscribe = bus.subscribe((event) => left.push(event.name))

    bus.emit('app:command', { command: 'refresh' })
    unsubscribe()
    bus.emit('listing:progress', { listingId: 'l1', count: 3 })
    // Unsubscribing twice is harmless.
    unsubscribe()
    bus.emit('app:command', { command: 'session-log' })

    expect(left).toEqual(['app:command'])
    expect(kept).toEqual(['app:command', 'listing:progress', 'app:command'])
  })

  it('emits with no listener without complaint', () => {
    expect(() => new EventBus().emit('app:command', { command: 'refresh' })).not.toThrow()
  })
})
