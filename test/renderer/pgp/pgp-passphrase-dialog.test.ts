import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ApiFailure } from '../../../src/renderer/api/client'
import {
  groupedFingerprint,
  passphraseNote,
  PgpPassphraseDialog,
  replyAndClose,
} from '../../../src/renderer/pgp/pgp-passphrase-dialog'
import {
  actionsForEvent,
  UNANSWERED_PASSPHRASE_NOTICE,
} from '../../../src/renderer/state/api-events'
import { dialogsReducer, initialDialogs } from '../../../src/renderer/state/dialogs'
import {
  describePurpose,
  type PgpPassphrasePrompt,
} from '../../../src/shared/pgp-passphrase-prompt'
import type { PgpFingerprint } from '../../../src/shared/pgp'

const prompt: PgpPassphrasePrompt = {
  promptId: 'p-1',
  fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' as PgpFingerprint,
  keyId: '89ABCDEF01234567',
  name: 'Our Company <edi@ours.test>',
  purpose: 'decrypt',
  file: 'invoice.xml.pgp',
  attempt: 1,
  wrong: false,
}

const render = (shown: PgpPassphrasePrompt) =>
  renderToStaticMarkup(
    createElement(PgpPassphraseDialog, {
      prompt: shown,
      onReply: async () => {},
      onClose: () => {},
    }),
  )

describe('the OpenPGP passphrase dialog', () => {
  it('is named "OpenPGP passphrase" and says which key, what for, and its fingerprint', () => {
    const html = render(prompt)
    expect(html).toContain('>OpenPGP passphrase</h2>')
    expect(html).toContain(
      '<strong>Our Company &lt;edi@ours.test&gt;</strong> to decrypt invoice.xml.pgp.',
    )
    expect(html).toContain('0x89ABCDEF01234567')
    expect(html).toContain('0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567')
    // A hidden field, its hint tied to it, empty, and a remember box not ticked.
    expect(html).toMatch(
      /<input id="pgp-passphrase" type="password"[^>]*aria-describedby="pgp-passphrase-note"/,
    )
    expect(html).toMatch(/<input id="pgp-passphrase"[^>]*value=""/)
    expect(html).not.toContain('aria-invalid')
    expect(html).toContain('Cancel keeps them encrypted.')
    expect(html).toMatch(/<input type="checkbox"\/>Remember it in the system keychain/)
    expect(html).toMatch(/<button type="submit" class="primary" disabled="">Unlock key<\/button>/)
  })

  it('says a wrong passphrase was typed, and which try this is', () => {
    const html = render({ ...prompt, attempt: 2, wrong: true })
    expect(html).toContain(
      '<p id="pgp-passphrase-note" class="field-error">Wrong passphrase: try again (2 of 3).</p>',
    )
    expect(html).toMatch(/<input id="pgp-passphrase"[^>]*aria-invalid="true"/)
  })

  it('words what the key is for', () => {
    expect(describePurpose({ purpose: 'sign' })).toBe('to sign')
    expect(describePurpose({ purpose: 'decrypt', file: 'a.pgp' })).toBe('to decrypt a.pgp')
    expect(describePurpose({ purpose: 'use' })).toBe('to use it')
    expect(passphraseNote({ wrong: true, attempt: 3 })).toBe(
      'Wrong passphrase: try again (3 of 3).',
    )
    expect(groupedFingerprint('ABCDEFGH')).toBe('ABCD EFGH')
  })

  it("opens from the main side's question", () => {
    expect(actionsForEvent({ name: 'pgp:passphrase-prompt', payload: prompt })).toEqual([
      { type: 'dialog-opened', dialog: { kind: 'pgp-passphrase', prompt } },
    ])
  })

  it('closes on Cancel whatever the answer, and when the question is gone, but stays for a fixable error', async () => {
    const failing = (kind: 'not-found' | 'internal') => async () => {
      throw new ApiFailure({ kind, message: `${kind}.` })
    }
    let closed = 0
    const close = () => (closed += 1)
    await replyAndClose(null, failing('internal'), close)
    expect(closed).toBe(1)
    await replyAndClose({ passphrase: 'p', remember: false }, failing('not-found'), close)
    expect(closed).toBe(2)
    await expect(
      replyAndClose({ passphrase: 'p', remember: false }, failing('internal'), close),
    ).rejects.toThrow('internal.')
    expect(closed).toBe(2)
    await replyAndClose({ passphrase: 'p', remember: false }, async () => {}, close)
    expect(closed).toBe(3)
  })

  it("closes the question's dialog when the main side takes it back, saying so when the time ran out", () => {
    const shown = dialogsReducer(initialDialogs, {
      type: 'dialog-opened',
      dialog: { kind: 'pgp-passphrase', prompt },
    })
    const [withdrawn] = actionsForEvent({
      name: 'pgp:passphrase-closed',
      payload: { promptId: 'p-1', reason: 'withdrawn' },
    })
    expect(withdrawn).toEqual({ type: 'pgp-question-closed', promptId: 'p-1' })
    expect(dialogsReducer(shown, { type: 'pgp-question-closed', promptId: 'p-1' }).open).toEqual([])
    // Another question's closing leaves this one open.
    expect(dialogsReducer(shown, { type: 'pgp-question-closed', promptId: 'p-0' })).toBe(shown)
    expect(
      actionsForEvent({
        name: 'pgp:passphrase-closed',
        payload: { promptId: 'p-1', reason: 'unanswered' },
      }),
    ).toEqual([
      { type: 'pgp-question-closed', promptId: 'p-1' },
      { type: 'notice-shown', notice: UNANSWERED_PASSPHRASE_NOTICE },
    ])
  })
})
