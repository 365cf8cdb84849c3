import { describe, expect, it } from 'vitest'
import { connectionStatus } from '../../../src/renderer/session/connection-bar'
import { sessionFor } from '../state/fixtures'

describe('connectionStatus', () => {
  const info = sessionFor('profile-1')

  it('names the host and user when connected', () => {
    expect(connectionStatus({ status: 'connected', info })).toBe(
      'Connected to sftp.example.com as acme',
    )
    expect(connectionStatus({ status: 'connecting', profileId: info.profileId })).toBe(
      'Connecting…',
    )
    expect(connectionStatus({ status: 'disconnected' })).toBe('Not connected')
  })

  it("while reconnecting, gives the attempt and the first sentence of the drop's reason", () => {
    const reason = {
      kind: 'connection-lost' as const,
      message: 'The connection to sftp.example.com was lost. Connect again to go on.',
    }
    expect(
      connectionStatus({ status: 'connected', info, reconnecting: { reason, attempt: 3 } }),
    ).toBe(
      'Reconnecting to sftp.example.com… (attempt 3: The connection to sftp.example.com was lost.)',
    )
  })
})
