import { describe, expect, it } from 'vitest'
import { keyHandoffFor } from '../../../src/renderer/session/use-connection'
import { initialAppState, appReducer, type AppState } from '../../../src/renderer/state/app-state'
import type { ApiError } from '../../../src/shared/errors'
import { profileNamed } from '../state/fixtures'

const acme = profileNamed('profile-acme', 'MFT Gateway acme', 'key-00001')
const refused: ApiError = { kind: 'auth-failed', message: 'did not accept the key' }
const unreachable: ApiError = { kind: 'connection-failed', message: 'nothing listens there' }

const after = (...actions: Parameters<typeof appReducer>[1][]): AppState =>
  actions.reduce(appReducer, initialAppState)

describe('where a failed login is said', () => {
  const listed = { type: 'profiles-loaded', profiles: [acme] } as const
  const keyMade = {
    type: 'profile-saved',
    profileId: acme.id,
    created: true,
    keyMadeHere: true,
  } as const

  it('a refused login of a key made here goes to its handoff, in the gateway words', () => {
    expect(keyHandoffFor(after(listed, keyMade), acme.id, refused)).toBe(acme)
  })

  it('any failure goes to a handoff that is open, but not to one of another profile', () => {
    const open = after(listed, {
      type: 'dialog-opened',
      dialog: { kind: 'key-handoff', profile: acme },
    })
    expect(keyHandoffFor(open, acme.id, unreachable)).toBe(acme)
    const other = profileNamed('profile-other', 'Other', 'key-00002')
    expect(keyHandoffFor(open, other.id, refused)).toBeUndefined()
  })

  it('to the banner: a key not made here, one that has let the profile in, or another failure', () => {
    expect(keyHandoffFor(after(listed), acme.id, refused)).toBeUndefined()
    const accepted = after(listed, keyMade, { type: 'key-accepted', profileId: acme.id })
    expect(keyHandoffFor(accepted, acme.id, refused)).toBeUndefined()
    expect(keyHandoffFor(after(listed, keyMade), acme.id, unreachable)).toBeUndefined()
  })
})
