import { describe, expect, it } from 'vitest'
import { loginOptions } from '../../../../src/main/core/sftp/credentials'

describe('loginOptions', () => {
  const data = Buffer.from('-----BEGIN OPENSSH PRIVATE KEY-----\n...')

  it("hands ssh2 a key's bytes, and no passphrase field when the key has none", () => {
    const options = loginOptions({ kind: 'key', privateKey: { data, type: 'ssh-ed25519' } })
    expect(options).toEqual({ privateKey: data })
    expect('passphrase' in options).toBe(false)
  })

  it('hands ssh2 the passphrase with the key when the key is encrypted', () => {
    expect(
      loginOptions({
        kind: 'key',
        privateKey: { data, passphrase: 'correct horse', type: 'ssh-rsa' },
      }),
    ).toEqual({ privateKey: data, passphrase: 'correct horse' })
  })
})
