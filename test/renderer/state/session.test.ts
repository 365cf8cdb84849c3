import { describe, expect, it } from 'vitest'
import type { ProfileId, SessionInfo } from '../../../src/shared/domain'
import { sessionReducer, type SessionState } from '../../../src/renderer/state/session'

const profileId = 'p1' as ProfileId
const info = {
  profileId,
  host: 'sftp.example.com',
  port: 22,
  username: 'acme',
  hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:x', bits: 256 },
} as unknown as SessionInfo
const reason = { kind: 'connection-lost' as const, message: 'The connection was lost.' }

describe('session state across a reconnect', () => {
  const connected: SessionState = { status: 'connected', info }

  it('a drop marks the connection as reconnecting, and the reconnect clears it', () => {
    const dropped = sessionReducer(connected, {
      type: 'reconnecting',
      profileId,
      reason,
      attempt: 2,
    })
    expect(dropped).toEqual({ status: 'connected', info, reconnecting: { reason, attempt: 2 } })
    expect(sessionReducer(dropped, { type: 'connected', info })).toEqual(connected)
  })

  it("another profile's reconnect, or one after disconnecting, changes nothing", () => {
    const other = {
      type: 'reconnecting',
      profileId: 'p2' as ProfileId,
      reason,
      attempt: 1,
    } as const
    expect(sessionReducer(connected, other)).toBe(connected)
    const disconnected = sessionReducer(connected, { type: 'disconnected', profileId })
    expect(
      sessionReducer(disconnected, { type: 'reconnecting', profileId, reason, attempt: 1 }),
    ).toEqual({ status: 'disconnected' })
  })
})
