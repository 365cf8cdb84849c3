import { describe, expect, it } from 'vitest'
import { actionsForEvent } from '../../../src/renderer/state/api-events'
import { appReducer, initialAppState } from '../../../src/renderer/state/app-state'
import {
  initialRecoveredSends,
  recoveredHeadline,
  recoveredSendsReducer,
} from '../../../src/renderer/state/recovered-sends'
import type { ProfileId } from '../../../src/shared/domain'
import type { RecoveredSend } from '../../../src/shared/recovered-send'
import type { RemotePath } from '../../../src/shared/remote-path'

const profileId = 'profile-0001' as ProfileId
const recovered = (id: string, outcome: RecoveredSend['outcome']): RecoveredSend => ({
  id,
  profileId,
  kind: 'file',
  name: `${id}.xml`,
  mailbox: 'input' as RemotePath,
  remotePath: `input/${id}.xml` as RemotePath,
  localPaths: [`/here/${id}.xml`],
  startedAt: 1_000,
  sizeSent: 1000,
  sizeOnServer: 300,
  outcome,
  summary: 'Mailroom stopped while sending it.',
  gateway: 'Amili may take it as it is.',
  reportOnly: false,
})

describe('recovered sends', () => {
  it('keeps what each recovery found until dismissed, the newest report of a send replacing the older', () => {
    let state = recoveredSendsReducer(initialRecoveredSends, {
      type: 'sends-recovered',
      sends: [recovered('a', 'partial'), recovered('b', 'sent')],
    })
    state = recoveredSendsReducer(state, {
      type: 'sends-recovered',
      sends: [recovered('a', 'not-sent')],
    })
    expect(state.sends.map((send) => [send.id, send.outcome])).toEqual([
      ['b', 'sent'],
      ['a', 'not-sent'],
    ])
    expect(recoveredSendsReducer(state, { type: 'recovered-sends-dismissed' })).toEqual(
      initialRecoveredSends,
    )
  })

  it('comes from the send:recovered event into the app state', () => {
    const sends = [recovered('a', 'partial')]
    const state = actionsForEvent({ name: 'send:recovered', payload: { profileId, sends } }).reduce(
      appReducer,
      initialAppState,
    )
    expect(state.recoveredSends.sends).toEqual(sends)
  })

  it('says in its first line how many were found, and how many were not sent whole', () => {
    expect(recoveredHeadline([recovered('a', 'partial'), recovered('b', 'sent')])).toBe(
      'Mailroom was stopped while sending: of these 2 sends, 1 did not arrive whole.',
    )
    expect(recoveredHeadline([recovered('a', 'partial')])).toBe(
      'Mailroom was stopped while sending: this send did not arrive whole.',
    )
    expect(recoveredHeadline([recovered('b', 'message-completed'), recovered('c', 'sent')])).toBe(
      'Mailroom was stopped while sending: these 2 sends arrived whole, or were completed on connecting again.',
    )
  })
})
