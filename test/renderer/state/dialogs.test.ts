import { describe, expect, it } from 'vitest'
import type { ProfileId } from '../../../src/shared/domain'
import {
  dialogsReducer,
  initialDialogs,
  openDialog,
  type DialogsAction,
} from '../../../src/renderer/state/dialogs'
import { profileNamed } from './fixtures'

const profileId = 'profile-1' as ProfileId
const run = (actions: readonly DialogsAction[]) => actions.reduce(dialogsReducer, initialDialogs)

describe('dialogsReducer', () => {
  it('opens a dialog with its data and closes it', () => {
    const profile = profileNamed('profile-1', 'ACME')
    const open = run([{ type: 'dialog-opened', dialog: { kind: 'delete-profile', profile } }])
    expect(openDialog(open, 'delete-profile')?.profile).toBe(profile)
    const closed = dialogsReducer(open, { type: 'dialog-closed', kind: 'delete-profile' })
    expect(closed.open).toEqual([])
  })

  it('a prompt from the main side opens over the dialog the person has open, losing neither', () => {
    const state = run([
      { type: 'dialog-opened', dialog: { kind: 'profile' } },
      {
        type: 'dialog-opened',
        dialog: { kind: 'passphrase', profileId, message: 'The key needs its passphrase.' },
      },
    ])
    expect(state.open.map((dialog) => dialog.kind)).toEqual(['profile', 'passphrase'])
    const answered = dialogsReducer(state, { type: 'dialog-closed', kind: 'passphrase' })
    expect(answered.open.map((dialog) => dialog.kind)).toEqual(['profile'])
  })

  it('opening a kind already open replaces it in front, as a new dialog', () => {
    const state = run([
      {
        type: 'dialog-opened',
        dialog: { kind: 'passphrase', profileId, message: 'The key needs its passphrase.' },
      },
      { type: 'dialog-opened', dialog: { kind: 'session-log' } },
      {
        type: 'dialog-opened',
        dialog: { kind: 'passphrase', profileId, message: 'Wrong passphrase.' },
      },
    ])
    expect(state.open.map((dialog) => dialog.kind)).toEqual(['session-log', 'passphrase'])
    expect(openDialog(state, 'passphrase')?.message).toBe('Wrong passphrase.')
    // Each opening is numbered anew, so the replaced dialog is drawn afresh, not reused.
    expect(new Set(state.open.map((dialog) => dialog.id)).size).toBe(2)
    expect(openDialog(state, 'passphrase')?.id).toBe(2)
  })

  it('closing a dialog that is not open changes nothing', () => {
    const state = run([{ type: 'dialog-opened', dialog: { kind: 'pickup-history' } }])
    expect(dialogsReducer(state, { type: 'dialog-closed', kind: 'import-sites' })).toBe(state)
    expect(openDialog(state, 'import-sites')).toBeUndefined()
  })

  it("closing a round of the server's questions leaves the next round, opened meanwhile, open", () => {
    const round = (n: number) => ({
      promptId: `login-${n}`,
      profileId,
      host: 'sftp.example.com',
      port: 22,
      username: 'acme',
      name: '',
      instruction: '',
      prompts: [{ prompt: 'Code: ', echo: true }],
      round: n,
    })
    const first = run([
      { type: 'dialog-opened', dialog: { kind: 'login-prompt', prompt: round(1) } },
    ])
    const firstId = openDialog(first, 'login-prompt')?.id ?? -1
    const second = dialogsReducer(first, {
      type: 'dialog-opened',
      dialog: { kind: 'login-prompt', prompt: round(2) },
    })
    const late = dialogsReducer(second, {
      type: 'dialog-closed',
      kind: 'login-prompt',
      id: firstId,
    })
    expect(openDialog(late, 'login-prompt')?.prompt.round).toBe(2)
    const secondId = openDialog(late, 'login-prompt')?.id ?? -1
    const done = dialogsReducer(late, { type: 'dialog-closed', kind: 'login-prompt', id: secondId })
    expect(openDialog(done, 'login-prompt')).toBeUndefined()
  })
})
