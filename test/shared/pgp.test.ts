import { describe, expect, it } from 'vitest'
import { profile } from '../../src/shared/domain'
import {
  encryptedName,
  pgpSendSetting,
  receiveSettingFor,
  sendSettingFor,
  type PgpReceiveSetting,
  type PgpSendSetting,
} from '../../src/shared/pgp'

const decrypting: PgpReceiveSetting = { decrypt: true, signature: 'require', keepEncrypted: false }
const warning: PgpReceiveSetting = { decrypt: true, signature: 'warn', keepEncrypted: true }

describe('OpenPGP mailbox settings', () => {
  it('reads a profile saved before them (settings schema 4) with no mailbox encrypting or decrypting', () => {
    const saved = profile.parse({
      id: 'profile-old-one',
      name: 'Old',
      preset: 'generic',
      group: '',
      host: 'sftp.example.test',
      port: 22,
      username: 'old',
      keyId: null,
      receiveFolders: ['inbox'],
    })
    expect(saved.pgpSend).toEqual({})
    expect(saved.pgpReceive).toEqual({})
  })

  it('fills in the receive defaults: decrypt, warn on a signature that is not good, no encrypted copy', () => {
    const saved = profile.parse({
      id: 'profile-new-one',
      name: 'New',
      preset: 'generic',
      group: '',
      host: 'sftp.example.test',
      port: 22,
      username: 'new',
      keyId: null,
      pgpReceive: { inbox: {} },
    })
    expect(saved.pgpReceive['inbox']).toEqual({
      decrypt: true,
      signature: 'warn',
      keepEncrypted: false,
    })
  })

  it("finds a file's mailbox: the deepest configured folder holding it, an AS2 message folder included", () => {
    const settings = { inbox: warning, 'inbox/urgent': decrypting }
    expect(receiveSettingFor(settings, 'inbox/a.pgp')).toBe(warning)
    expect(receiveSettingFor(settings, 'inbox/20261123-1/a.pgp')).toBe(warning)
    expect(receiveSettingFor(settings, 'inbox/urgent/a.pgp')).toBe(decrypting)
    expect(receiveSettingFor(settings, 'inbox-other/a.pgp')).toBeUndefined()
    expect(receiveSettingFor({ 'inbox/': decrypting }, 'inbox/a.pgp')).toBe(decrypting)
    expect(receiveSettingFor({}, 'inbox/a.pgp')).toBeUndefined()
  })

  it("finds a send mailbox's setting: the folder itself or the deepest one above it, '' for all", () => {
    const partner = 'A'.repeat(40) as PgpSendSetting['encryptTo'][number]
    const binary = pgpSendSetting.parse({ encryptTo: [partner] })
    const armored = pgpSendSetting.parse({ encryptTo: [partner], armored: true, sign: true })
    expect(binary).toEqual({ encryptTo: [partner], sign: false, armored: false })
    expect(sendSettingFor({ out: binary }, 'out')).toBe(binary)
    expect(sendSettingFor({ out: binary }, 'out/')).toBe(binary)
    expect(sendSettingFor({ out: binary, 'out/urgent': armored }, 'out/urgent')).toBe(armored)
    expect(sendSettingFor({ 'as2/outbox': binary }, 'as2/outbox/20261123-1')).toBe(binary)
    expect(sendSettingFor({ out: binary }, 'out-other')).toBeUndefined()
    expect(sendSettingFor({ '': armored, out: binary }, 'elsewhere')).toBe(armored)
    expect(sendSettingFor({}, 'out')).toBeUndefined()
    expect(encryptedName('a.xml', false)).toBe('a.xml.pgp')
    expect(encryptedName('a.xml', true)).toBe('a.xml.asc')
  })
})
