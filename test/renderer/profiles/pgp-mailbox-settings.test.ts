import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { PgpFingerprint, PgpReceiveSetting } from '../../../src/shared/pgp'
import {
  mailboxWords,
  newSendSetting,
  pgpMailboxes,
  pgpSummary,
  recipientLabel,
  withEntry,
} from '../../../src/renderer/profiles/pgp-mailbox-settings'
import { draftOf, validate, type Draft } from '../../../src/renderer/profiles/profile-draft'
import { ProfilePgpSection } from '../../../src/renderer/profiles/profile-pgp-section'
import { DAY, NOW, pgpKey } from '../pgp/pgp-key-fixtures'

const PARTNER = pgpKey()
const OWN = pgpKey({
  fingerprint: 'FEDCBA9876543210FEDCBA9876543210FEDCBA98' as PgpFingerprint,
  keyId: '76543210FEDCBA98',
  userIds: ['Acme <edi@acme.example>'],
  hasSecret: true,
})

function draft(change: Partial<Draft> = {}): Draft {
  return {
    ...draftOf(undefined, { preset: 'generic', hasKeys: false }),
    host: 'sftp.example.com',
    username: 'acme',
    keySource: 'stored',
    keyId: null,
    auth: { method: 'password', remember: false },
    ...change,
  } as Draft
}

describe('the OpenPGP choices of the Profile dialog', () => {
  it("offers the profile's named folders, and those with a setting already", () => {
    const named = draft({ sendFolders: 'out, out/edi', receiveFolders: 'in' })
    expect(pgpMailboxes(named, 'send')).toEqual(['out', 'out/edi'])
    expect(pgpMailboxes(named, 'receive')).toEqual(['in'])
    const renamed = draft({
      receiveFolders: 'inbox',
      pgpReceive: { in: { decrypt: true, signature: 'warn', keepEncrypted: false } },
    })
    expect(pgpMailboxes(renamed, 'receive')).toEqual(['inbox', 'in'])
  })

  it("offers '' (every mailbox of the kind) when no folder is named, as for gateway presets", () => {
    expect(pgpMailboxes(draft(), 'send')).toEqual([''])
    expect(mailboxWords('', 'send')).toBe('every send mailbox')
    expect(mailboxWords('out', 'send')).toBe('out')
  })

  it('starts encrypting to the one partner key, signed with the one own key', () => {
    expect(newSendSetting([PARTNER, OWN])).toEqual({
      encryptTo: [PARTNER.fingerprint],
      sign: true,
      armored: false,
      signWith: OWN.fingerprint,
    })
    // Two partners, or only unusable ones: the person chooses.
    const second = pgpKey({ fingerprint: 'AB'.repeat(20) as PgpFingerprint })
    expect(newSendSetting([PARTNER, second]).encryptTo).toEqual([])
    expect(newSendSetting([pgpKey({ weak: true })])).toEqual({
      encryptTo: [],
      sign: false,
      armored: false,
    })
  })

  it('labels a key to encrypt to with whose it is and what is wrong or coming', () => {
    expect(recipientLabel(PARTNER, NOW)).toBe('Partner Ltd <files@partner.example> · 0123 4567')
    expect(recipientLabel(OWN, NOW)).toBe('Acme <edi@acme.example> · FEDC BA98 (own)')
    expect(
      recipientLabel(pgpKey({ expiresSoon: true, expiresAt: NOW + 9 * DAY, weak: true }), NOW),
    ).toBe('Partner Ltd <files@partner.example> · 0123 4567 (expires in 9 days, weak key)')
  })

  it('sets and removes one mailbox, leaving the others', () => {
    const setting: PgpReceiveSetting = { decrypt: true, signature: 'require', keepEncrypted: true }
    const both = withEntry(withEntry<PgpReceiveSetting>({}, 'in', setting), 'in2', setting)
    expect(withEntry<PgpReceiveSetting>(both, 'in', undefined)).toEqual({ in2: setting })
  })

  it('sums the section up in one line', () => {
    expect(pgpSummary(draft())).toBe('Off: files are sent and saved as they are')
    expect(
      pgpSummary(
        draft({
          pgpSend: { '': { encryptTo: [PARTNER.fingerprint], sign: false, armored: false } },
          pgpReceive: {
            a: { decrypt: true, signature: 'warn', keepEncrypted: false },
            b: { decrypt: true, signature: 'warn', keepEncrypted: false },
          },
        }),
      ),
    ).toBe('Encrypts files sent, decrypts files picked up from 2 mailboxes')
  })

  it('does not save encryption without a key to encrypt to', () => {
    const { input, errors } = validate(
      draft({ pgpSend: { out: { encryptTo: [], sign: false, armored: false } } }),
    )
    expect(input).toBeUndefined()
    expect(errors.pgpSend).toBe('Choose the key to encrypt to')
    const chosen = validate(
      draft({
        pgpSend: {
          out: {
            encryptTo: [PARTNER.fingerprint],
            sign: true,
            armored: true,
            signWith: OWN.fingerprint,
          },
        },
      }),
    )
    expect(chosen.errors).toEqual({})
    expect(chosen.input?.pgpSend.out?.signWith).toBe(OWN.fingerprint)
  })
})

describe('ProfilePgpSection', () => {
  const render = (change: Partial<Draft>) => {
    const shown = draft({ sendFolders: 'out', receiveFolders: 'in', ...change })
    return renderToStaticMarkup(
      createElement(ProfilePgpSection, {
        form: {
          draft: shown,
          errors: {},
          touched: new Set<string>(),
          change: () => undefined,
          touch: () => undefined,
          update: () => undefined,
        },
        keys: [PARTNER, OWN],
        onManageKeys: () => undefined,
      }),
    )
  }

  it('offers each mailbox folded, with its summary', () => {
    const html = render({})
    expect(html).toContain('Off: files are sent and saved as they are')
    expect(html).toContain('Encrypt files sent to out')
    expect(html).toContain('Decrypt files picked up from in')
    expect(html).not.toContain('Sign with')
  })

  it("shows a mailbox's keys, signer and format once encryption is on", () => {
    const html = render({
      pgpSend: {
        out: {
          encryptTo: [PARTNER.fingerprint],
          sign: true,
          armored: false,
          signWith: OWN.fingerprint,
        },
      },
      pgpReceive: { in: { decrypt: true, signature: 'require', keepEncrypted: true } },
    })
    expect(html).toContain('Encrypt to')
    expect(html).toContain('Partner Ltd &lt;files@partner.example&gt; · 0123 4567')
    expect(html).toContain('Sign with')
    expect(html).toContain('Binary (.pgp)')
    expect(html).toContain('Require a good signature')
    expect(html).toContain('Keep the encrypted original')
  })
})
