import { describe, expect, it } from 'vitest'
import type { ApiEvent } from '../../../src/shared/transport'
import type { RemotePath } from '../../../src/shared/remote-path'
import { actionsForEvent } from '../../../src/renderer/state/api-events'
import { appReducer, initialAppState } from '../../../src/renderer/state/app-state'
import { sessionFor } from './fixtures'

const { profileId } = sessionFor('profile-1')
const lost = { kind: 'connection-lost' as const, message: 'The connection was lost.' }
const newFiles = (count: number, autoPickup: boolean): ApiEvent => ({
  name: 'mailbox:new-files',
  payload: { profileId, mailboxPath: 'pickup' as RemotePath, partner: 'ACME', count, autoPickup },
})

describe('actionsForEvent', () => {
  it('a connection closed with a reason shows it and ends the session; without one, only ends it', () => {
    const connected = appReducer(initialAppState, {
      type: 'connected',
      info: sessionFor('profile-1'),
    })
    const withReason = actionsForEvent({
      name: 'session:closed',
      payload: { profileId, reason: lost },
    }).reduce(appReducer, connected)
    expect(withReason.session).toEqual({ status: 'disconnected' })
    expect(withReason.banners.error).toEqual(lost)

    const quietly = actionsForEvent({ name: 'session:closed', payload: { profileId } })
    expect(quietly).toEqual([{ type: 'disconnected', profileId }])
  })

  it('new files become a notice that says whether they are being picked up', () => {
    expect(actionsForEvent(newFiles(1, false))).toEqual([
      { type: 'notice-shown', notice: '1 new file from ACME.' },
    ])
    expect(actionsForEvent(newFiles(3, true))).toEqual([
      { type: 'notice-shown', notice: '3 new files from ACME: picking them up.' },
    ])
  })

  it('session and listing events become their actions', () => {
    expect(
      actionsForEvent({
        name: 'session:reconnecting',
        payload: { profileId, reason: lost, attempt: 2, retryInMs: 4000 },
      }),
    ).toEqual([{ type: 'reconnecting', profileId, reason: lost, attempt: 2 }])
    expect(
      actionsForEvent({ name: 'session:reconnected', payload: sessionFor('profile-1') }),
    ).toEqual([{ type: 'connected', info: sessionFor('profile-1') }])
    expect(
      actionsForEvent({ name: 'listing:progress', payload: { listingId: 'l1', count: 250 } }),
    ).toEqual([{ type: 'listing-progress', listingId: 'l1', count: 250 }])
    const prompt = {
      promptId: 'prompt-1',
      profileId,
      host: 'sftp.example.com',
      port: 22,
      hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:x' },
    }
    expect(actionsForEvent({ name: 'hostkey:prompt', payload: prompt })).toEqual([
      { type: 'host-key-asked', prompt },
    ])
  })

  it("a round of the server's questions opens a dialog of its own", () => {
    const prompt = {
      promptId: 'login-1',
      profileId,
      host: 'sftp.example.com',
      port: 22,
      username: 'acme',
      name: '',
      instruction: 'Enter the code',
      prompts: [{ prompt: 'Verification code: ', echo: true }],
      round: 2,
    }
    expect(actionsForEvent({ name: 'login:prompt', payload: prompt })).toEqual([
      { type: 'dialog-opened', dialog: { kind: 'login-prompt', prompt } },
    ])
  })

  it('menu commands and log entries are no state of the window', () => {
    expect(actionsForEvent({ name: 'app:command', payload: { command: 'refresh' } })).toEqual([])
  })
})
