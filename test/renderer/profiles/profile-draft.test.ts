import { describe, expect, it } from 'vitest'
import type { KeyId } from '../../../src/shared/domain'
import type { RemotePath } from '../../../src/shared/remote-path'
import {
  defaultName,
  draftOf,
  folderList,
  keySourceFor,
  typedIn,
  validate,
  withKeySource,
  withPreset,
  withStoredKey,
} from '../../../src/renderer/profiles/profile-draft'
import { PRESETS } from '../../../src/shared/presets'
import { profileNamed } from '../state/fixtures'

const generic = { preset: 'generic', hasKeys: true } as const

describe('profile draft', () => {
  it("a new profile's draft asks for a host, user name and key, and names itself", () => {
    const { input, errors } = validate(draftOf(undefined, generic))
    expect(input).toBeUndefined()
    expect(Object.keys(errors).sort()).toEqual(['host', 'keyId', 'username'])
    expect(draftOf(undefined, generic).name).toBe('Generic SFTP')
  })

  it('an edited profile reads back as the same input, its folders typed as a list', () => {
    const profile = {
      ...profileNamed('profile-1', 'ACME', 'key-00001'),
      sendFolders: ['out', 'out/edi'] as RemotePath[],
    }
    const draft = draftOf(profile, generic)
    expect(draft.sendFolders).toBe('out, out/edi')
    const { input, errors } = validate(draft)
    expect(errors).toEqual({})
    expect(input?.sendFolders).toEqual(['out', 'out/edi'])
    expect(input?.port).toBe(22)
    expect(input?.keyId).toBe('key-00001')
  })

  it('an edited profile keeps the OpenPGP settings of its mailboxes, which the dialog does not show yet', () => {
    const pgpReceive = {
      inbox: { decrypt: true, signature: 'require' as const, keepEncrypted: true },
    }
    const pgpSend = {
      out: { encryptTo: ['A'.repeat(40)] as never[], sign: true, armored: false },
    }
    const { input } = validate(
      draftOf({ ...profileNamed('profile-1', 'ACME', 'key-00001'), pgpReceive, pgpSend }, generic),
    )
    expect(input?.pgpReceive).toEqual(pgpReceive)
    expect(input?.pgpSend).toEqual(pgpSend)
  })

  it('an edited profile keeps its name, host and port whatever gateway or user name is chosen', () => {
    const draft = draftOf(profileNamed('profile-1', 'ACME', 'key-00001'), generic)
    const changed = typedIn(withPreset(draft, 'mft-gateway', true), 'username', 'other', true)
    expect([changed.name, changed.host, changed.port]).toEqual(['ACME', 'sftp.example.com', '22'])
    expect(changed.keySource).toBe('stored')
  })

  it('says what a port must be, whether it is empty or out of range', () => {
    const draft = { ...draftOf(undefined, generic), keyId: 'key-00001' as KeyId }
    expect(validate({ ...draft, port: '' }).errors.port).toBe('Port is a number from 1 to 65535')
    expect(validate({ ...draft, port: '70000' }).errors.port).toBe('Port is 1 to 65535')
  })

  it('reads folders as a comma-separated list without surrounding slashes or blanks', () => {
    expect(folderList(' /in/ , out/edi,, ')).toEqual(['in', 'out/edi'])
  })
})

describe("a gateway's guide fills the draft", () => {
  it('fills the host and port its guide names, unless the person typed them', () => {
    const draft = draftOf(undefined, { preset: 'mft-gateway', hasKeys: false })
    expect([draft.host, draft.port]).toEqual(['sftp.mftgateway.com', '22'])
    expect(withPreset(draft, 'amili', false).host).toBe('sftp.amili.se')
    // AS2 Gateway's guide names no server: the one filled in before goes, its port comes.
    const as2 = withPreset(draft, 'as2-gateway', false)
    expect([as2.host, as2.port]).toEqual(['', '9193'])
    const typed = typedIn(typedIn(draft, 'host', '127.0.0.1', false), 'port', '2222', false)
    expect(withPreset(typed, 'as2-gateway', false)).toMatchObject({
      host: '127.0.0.1',
      port: '2222',
    })
  })

  it('names the profile "<Gateway> <user name>", or after the host for a plain server, until a name is typed', () => {
    const draft = draftOf(undefined, { preset: 'mft-gateway', hasKeys: false })
    expect(draft.name).toBe('MFT Gateway')
    const withUser = typedIn(draft, 'username', 'acme_edi', false)
    expect(withUser.name).toBe('MFT Gateway acme_edi')
    expect(withPreset(withUser, 'as2-gateway', false).name).toBe('AS2 Gateway acme_edi')
    const plain = typedIn(withPreset(withUser, 'generic', false), 'host', 'files.acme.test', false)
    expect(plain.name).toBe('files.acme.test acme_edi')
    expect(defaultName({ preset: 'generic', host: ' ', username: 'bob' })).toBe('Generic SFTP bob')
    const named = typedIn(withUser, 'name', 'Acme EDI', false)
    expect(typedIn(named, 'username', 'acme', false).name).toBe('Acme EDI')
  })

  it('makes a key where the person makes it and has none, leads with the file where the portal made it', () => {
    expect(keySourceFor(PRESETS.amili, false)).toBe('new')
    expect(keySourceFor(PRESETS['mft-gateway'], false)).toBe('new')
    expect(keySourceFor(PRESETS.generic, false)).toBe('new')
    expect(keySourceFor(PRESETS.amili, true)).toBe('stored')
    expect(keySourceFor(PRESETS['as2-gateway'], false)).toBe('file')
    expect(keySourceFor(PRESETS['as2-gateway'], true)).toBe('file')

    const amili = draftOf(undefined, { preset: 'amili', hasKeys: false })
    expect(amili.keySource).toBe('new')
    expect(withPreset(amili, 'as2-gateway', false).keySource).toBe('file')
    // A choice the person made stays, unless the new gateway does not take it.
    const chosenFile = withKeySource(amili, 'file')
    expect(withPreset(chosenFile, 'mft-gateway', false).keySource).toBe('file')
    const chosenNew = withKeySource(amili, 'new')
    expect(withPreset(chosenNew, 'as2-gateway', false).keySource).toBe('file')
    const stored = withStoredKey(amili, 'key-00009' as KeyId)
    expect(withPreset(stored, 'as2-gateway', false)).toMatchObject({
      keySource: 'stored',
      keyId: 'key-00009',
    })
  })

  it('saves a profile whose key is still to be made, with no key id until it is', () => {
    let draft = draftOf(undefined, { preset: 'mft-gateway', hasKeys: false })
    draft = typedIn(draft, 'username', 'acme', false)
    const { input, errors } = validate(draft)
    expect(errors).toEqual({})
    expect(input).toMatchObject({ name: 'MFT Gateway acme', host: 'sftp.mftgateway.com' })
    expect(input?.keyId).toBeNull()
  })

  it("asks for the portal's key file and, where the gateway insists, its passphrase", () => {
    let draft = draftOf(undefined, { preset: 'as2-gateway', hasKeys: false })
    draft = typedIn(typedIn(draft, 'host', 'sftp.example.com', false), 'username', 'acme', false)
    expect(validate(draft).errors).toEqual({
      keyFile: 'Choose the private key file AS2 Gateway gave you',
      keyPassphrase: 'AS2 Gateway keys have a passphrase: type the one you gave for it',
    })
    draft = typedIn(draft, 'keyFile', '/home/acme/as2gateway.key', false)
    draft = typedIn(draft, 'keyPassphrase', 'the portal passphrase', false)
    const { input, errors } = validate(draft)
    expect(errors).toEqual({})
    // The key file and its passphrase go to keys:import, never into the profile.
    expect(input?.keyId).toBeNull()
    expect(JSON.stringify(input)).not.toContain('portal passphrase')
  })

  it('a gateway that takes a key only brings a password login back to the key', () => {
    const draft = {
      ...draftOf(undefined, generic),
      auth: { method: 'password', remember: true } as const,
    }
    expect(withPreset(draft, 'amili', true).auth).toEqual({ method: 'key' })
    const agent = { ...draft, auth: { method: 'agent' } as const }
    expect(withPreset(agent, 'amili', true).auth).toEqual({ method: 'agent' })
  })

  it('a password login needs no key, and a jump host without a host says which one', () => {
    const draft = {
      ...draftOf(undefined, generic),
      host: 'sftp.example.com',
      username: 'acme',
      auth: { method: 'password', remember: false } as const,
    }
    expect(validate(draft).errors).toEqual({})
    const jump = { host: 'bastion', port: 22, username: 'acme', keyId: null }
    const { errors } = validate({ ...draft, jumps: [jump, { ...jump, host: '' }] })
    expect(errors.jumps).toBe('Jump host 2: Enter the host name')
    const proxy = { kind: 'socks5', host: 'proxy', port: Number.NaN } as const
    expect(validate({ ...draft, proxy }).errors.proxy).toBe('Port is a number from 1 to 65535')
  })

  it('passwords typed in the dialog never go into the profile', () => {
    const draft = {
      ...draftOf(undefined, generic),
      host: 'sftp.example.com',
      username: 'acme',
      auth: { method: 'password', remember: true } as const,
      password: 'typed secret',
      proxyPassword: 'proxy secret',
    }
    const { input } = validate(draft)
    expect(input?.auth).toEqual({ method: 'password', remember: true })
    expect(JSON.stringify(input)).not.toMatch(/typed secret|proxy secret/)
  })
})
