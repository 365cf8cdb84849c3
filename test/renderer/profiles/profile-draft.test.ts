import { describe, expect, it } from 'vitest'
import type { KeyId } from '../../../src/shared/domain'
import type { RemotePath } from '../../../src/shared/remote-path'
import {
  draftOf,
  folderList,
  validate,
  withPreset,
} from '../../../src/renderer/profiles/profile-draft'
import { profileNamed } from '../state/fixtures'

describe('profile draft', () => {
  it("a new profile's draft asks for a name, host, user name and key, and nothing else", () => {
    const { input, errors } = validate(draftOf(undefined))
    expect(input).toBeUndefined()
    expect(Object.keys(errors).sort()).toEqual(['host', 'keyId', 'name', 'username'])
  })

  it('an edited profile reads back as the same input, its folders typed as a list', () => {
    const profile = {
      ...profileNamed('profile-1', 'ACME', 'key-00001'),
      sendFolders: ['out', 'out/edi'] as RemotePath[],
    }
    const draft = draftOf(profile)
    expect(draft.sendFolders).toBe('out, out/edi')
    const { input, errors } = validate(draft)
    expect(errors).toEqual({})
    expect(input?.sendFolders).toEqual(['out', 'out/edi'])
    expect(input?.port).toBe(22)
  })

  it('says what a port must be, whether it is empty or out of range', () => {
    const draft = { ...draftOf(undefined), keyId: 'key-00001' as KeyId }
    expect(validate({ ...draft, port: '' }).errors.port).toBe('Port is a number from 1 to 65535')
    expect(validate({ ...draft, port: '70000' }).errors.port).toBe('Port is 1 to 65535')
  })

  it('reads folders as a comma-separated list without surrounding slashes or blanks', () => {
    expect(folderList(' /in/ , out/edi,, ')).toEqual(['in', 'out/edi'])
  })

  it('choosing a gateway fills its port unless one was typed', () => {
    const draft = draftOf(undefined)
    expect(withPreset(draft, 'as2-gateway', false).port).toBe('9193')
    expect(withPreset({ ...draft, port: '2222' }, 'as2-gateway', true).port).toBe('2222')
  })
})
